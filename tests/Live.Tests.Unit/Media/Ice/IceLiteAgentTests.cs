using System.Net;
using System.Text;
using Live.Media.Ice;
using Live.Media.Stun;
using Live.Tests.Unit.Media.Stun;

namespace Live.Tests.Unit.Media.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly IceCredentials Local = new("LoCaL8uf", "localPasswordOf24Chars+/");
    private const string RemoteUfrag = "ReMo";
    private static readonly SocketAddress Browser = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 54321).Serialize();
    private static readonly SocketAddress OtherBrowserAddress = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000).Serialize();

    private readonly ManualTimeProvider _time = new();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[IceLiteAgent.MinResponseBufferLength];

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(Local, _time);
        _agent.SetRemoteCredentials(RemoteUfrag, "remotePasswordIsNotUsedByLite");
    }

    private static IceCheck ValidCheck => new($"{Local.Ufrag}:{RemoteUfrag}", Local.Password);

    [Theory]
    [InlineData("192.0.2.10", 54321)]
    [InlineData("2001:db8::42", 9)]
    [InlineData("::ffff:203.0.113.5", 65535)]
    public void HandleBindingRequest_CorrectCredentials_SuccessWithSendersXorMappedAddress(string ip, int port)
    {
        var sender = new IPEndPoint(IPAddress.Parse(ip), port);
        IceCheck check = ValidCheck;

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), sender.Serialize(), _response, out int written);

        Assert.Equal(IceCheckOutcome.Accepted, outcome);
        StunMessage response = ParseResponse(written);
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(check.TransactionId, response.TransactionId);
        Assert.True(response.TryGetXorMappedAddress(out IPEndPoint? mapped));
        IPAddress expected = sender.Address.IsIPv4MappedToIPv6 ? sender.Address.MapToIPv4() : sender.Address;
        Assert.Equal(new IPEndPoint(expected, port), mapped);
        Assert.True(StunMessage.VerifyIntegrity(_response.AsSpan(0, written), Encoding.UTF8.GetBytes(Local.Password)));
        Assert.True(StunMessage.VerifyFingerprint(_response.AsSpan(0, written)));
        Assert.False(_agent.IsNominated);
    }

    [Theory]
    [InlineData("WrongLoc:ReMo")]
    [InlineData("LoCaL8uf:Other")]
    [InlineData("ReMo:LoCaL8uf")]
    [InlineData("LoCaL8uf")]
    public void HandleBindingRequest_WrongUsername_401WithoutIntegrityAndNoNomination(string username)
    {
        IceCheck check = ValidCheck with { Username = username, UseCandidate = true };

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), Browser, _response, out int written);

        Assert.Equal(IceCheckOutcome.Unauthorized, outcome);
        AssertErrorResponse(written, check, 401, expectIntegrity: false);
        Assert.False(_agent.IsNominated);
    }

    [Fact]
    public void HandleBindingRequest_IntegrityWithWrongPassword_401AndNoNomination()
    {
        IceCheck check = ValidCheck with { Password = "notTheLocalPassword12345", UseCandidate = true };

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), Browser, _response, out int written);

        Assert.Equal(IceCheckOutcome.Unauthorized, outcome);
        AssertErrorResponse(written, check, 401, expectIntegrity: false);
        Assert.Null(_agent.SelectedRemote);
    }

    [Fact]
    public void HandleBindingRequest_TamperedAfterSigning_401()
    {
        byte[] request = ValidCheck.Build();
        request[^40] ^= 0x01; // inside PRIORITY/ICE-CONTROLLING, before MESSAGE-INTEGRITY; FINGERPRINT recomputed below
        byte[] refingerprinted = Refingerprint(request);

        Assert.Equal(IceCheckOutcome.Unauthorized, _agent.HandleBindingRequest(refingerprinted, Browser, _response, out _));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void HandleBindingRequest_MissingUsernameOrIntegrity_400(bool withUsername, bool withIntegrity)
    {
        IceCheck check = ValidCheck with { WithUsername = withUsername, WithIntegrity = withIntegrity };

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), Browser, _response, out int written);

        Assert.Equal(IceCheckOutcome.BadRequest, outcome);
        AssertErrorResponse(written, check, 400, expectIntegrity: false);
    }

    [Fact]
    public void HandleBindingRequest_UseCandidate_NominatesSenderAndRaisesEventOnce()
    {
        var raised = new List<SocketAddress>();
        _agent.SelectedRemoteChanged += (_, address) => raised.Add(address);
        byte[] request = (ValidCheck with { UseCandidate = true }).Build();

        Assert.Equal(IceCheckOutcome.Nominated, _agent.HandleBindingRequest(request, Browser, _response, out int written));
        Assert.Equal(IceCheckOutcome.Nominated, _agent.HandleBindingRequest(request, Browser, _response, out _));

        Assert.True(written > 0);
        Assert.True(_agent.IsNominated);
        Assert.Equal(Browser, _agent.SelectedRemote);
        Assert.NotSame(Browser, _agent.SelectedRemote);
        Assert.Single(raised);
    }

    [Fact]
    public void HandleBindingRequest_UseCandidateFromNewAddress_MovesSelection()
    {
        var raised = new List<SocketAddress>();
        _agent.SelectedRemoteChanged += (_, address) => raised.Add(address);
        IceCheck nominate = ValidCheck with { UseCandidate = true };

        _agent.HandleBindingRequest(nominate.Build(), Browser, _response, out _);
        _agent.HandleBindingRequest(nominate.Build(), OtherBrowserAddress, _response, out _);

        Assert.Equal(OtherBrowserAddress, _agent.SelectedRemote);
        Assert.Equal([Browser, OtherBrowserAddress], raised);
    }

    [Fact]
    public void HandleBindingRequest_SelectedAddressCopied_NotAffectedByReceiveBufferReuse()
    {
        var reused = new SocketAddress(Browser.Family, Browser.Size);
        Browser.Buffer.Span[..Browser.Size].CopyTo(reused.Buffer.Span);
        _agent.HandleBindingRequest((ValidCheck with { UseCandidate = true }).Build(), reused, _response, out _);

        OtherBrowserAddress.Buffer.Span[..OtherBrowserAddress.Size].CopyTo(reused.Buffer.Span);

        Assert.Equal(Browser, _agent.SelectedRemote);
    }

    [Fact]
    public void HandleBindingRequest_PeerAlsoControlled_487WithIntegrity()
    {
        IceCheck check = ValidCheck with { Controlled = true, UseCandidate = true };

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), Browser, _response, out int written);

        Assert.Equal(IceCheckOutcome.RoleConflict, outcome);
        AssertErrorResponse(written, check, 487, expectIntegrity: true);
        Assert.False(_agent.IsNominated);
    }

    [Fact]
    public void HandleBindingRequest_UnknownComprehensionRequiredAttribute_420ListingIt()
    {
        IceCheck check = ValidCheck with { ExtraAttribute = (StunAttributeType)0x0031 };

        IceCheckOutcome outcome = _agent.HandleBindingRequest(check.Build(), Browser, _response, out int written);

        Assert.Equal(IceCheckOutcome.UnknownAttribute, outcome);
        StunMessage response = AssertErrorResponse(written, check, 420, expectIntegrity: true);
        Assert.Equal([0x00, 0x31], response.GetAttribute(StunAttributeType.UnknownAttributes)!.Value.ToArray());
    }

    [Fact]
    public void HandleBindingRequest_UnknownOptionalAttribute_Accepted()
    {
        // Chromium adds GOOG-NETWORK-INFO (0xC057), a comprehension-optional attribute.
        IceCheck check = ValidCheck with { ExtraAttribute = (StunAttributeType)0xC057 };

        Assert.Equal(IceCheckOutcome.Accepted, _agent.HandleBindingRequest(check.Build(), Browser, _response, out _));
    }

    [Fact]
    public void HandleBindingRequest_RemoteUfragNotYetKnown_AcceptsAnySenderUfrag()
    {
        var agent = new IceLiteAgent(Local, _time);
        IceCheck check = new($"{Local.Ufrag}:AnyRemote", Local.Password);

        Assert.Equal(IceCheckOutcome.Accepted, agent.HandleBindingRequest(check.Build(), Browser, _response, out _));
        Assert.Equal(IceCheckOutcome.Unauthorized,
            agent.HandleBindingRequest((check with { Username = $"{Local.Ufrag}:" }).Build(), Browser, _response, out _));
    }

    [Fact]
    public void Restart_NewCredentials_OldRejectedNewAcceptedSelectionKept()
    {
        _agent.HandleBindingRequest((ValidCheck with { UseCandidate = true }).Build(), Browser, _response, out _);
        var fresh = IceCredentials.Generate();

        _agent.Restart(fresh, "NewR");

        Assert.Equal(IceCheckOutcome.Unauthorized, _agent.HandleBindingRequest(ValidCheck.Build(), Browser, _response, out _));
        IceCheck newCheck = new($"{fresh.Ufrag}:NewR", fresh.Password);
        Assert.Equal(IceCheckOutcome.Accepted, _agent.HandleBindingRequest(newCheck.Build(), Browser, _response, out int written));
        Assert.True(StunMessage.VerifyIntegrity(_response.AsSpan(0, written), Encoding.UTF8.GetBytes(fresh.Password)));
        Assert.Equal(Browser, _agent.SelectedRemote);
        Assert.Same(fresh, _agent.LocalCredentials);
    }

    [Fact]
    public void HandleBindingRequest_NonRequests_KeepaliveOrIgnoredWithoutResponse()
    {
        var buffer = new byte[64];
        var indication = new StunMessageWriter(buffer, StunMessageType.BindingIndication, StunTransactionId.NewRandom());
        indication.AddFingerprint();

        Assert.Equal(IceCheckOutcome.Keepalive, _agent.HandleBindingRequest(indication.Written, Browser, _response, out int written));
        Assert.Equal(0, written);
        Assert.Equal(IceCheckOutcome.Ignored, _agent.HandleBindingRequest(Rfc5769Vectors.Ipv4Response, Browser, _response, out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void HandleBindingRequest_JunkOrBadFingerprint_NotStunWithoutResponse()
    {
        byte[] badFingerprint = ValidCheck.Build();
        badFingerprint[^1] ^= 0xFF;

        Assert.Equal(IceCheckOutcome.NotStun, _agent.HandleBindingRequest(badFingerprint, Browser, _response, out int written));
        Assert.Equal(0, written);
        Assert.Equal(IceCheckOutcome.NotStun, _agent.HandleBindingRequest([0x80, 0x60, 0, 1], Browser, _response, out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void HandleBindingRequest_NonBindingMethod_400()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, new StunMessageType((StunMethod)0x003, StunMessageClass.Request), StunTransactionId.NewRandom());
        writer.AddFingerprint();

        Assert.Equal(IceCheckOutcome.BadRequest, _agent.HandleBindingRequest(writer.Written, Browser, _response, out int written));
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, written), out StunMessage? response));
        Assert.Equal(new StunMessageType((StunMethod)0x003, StunMessageClass.ErrorResponse), response.Type);
    }

    [Fact]
    public void HandleBindingRequest_Rfc5769SampleRequestWithItsCredentials_RoleConflictBecauseItClaimsControlled()
    {
        // RFC 5769 §2.1 is a check from a controlled agent ("evtj:h6vY", ICE-CONTROLLED); a lite agent answers 487.
        var agent = new IceLiteAgent(new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt"), _time);
        agent.SetRemoteCredentials("h6vY");

        Assert.Equal(IceCheckOutcome.RoleConflict, agent.HandleBindingRequest(Rfc5769Vectors.SampleRequest, Browser, _response, out int written));
        Assert.True(StunMessage.VerifyIntegrity(_response.AsSpan(0, written), "VOkJxbRl1RmTxUk/WvJxBt"u8));
    }

    [Fact]
    public void HandleBindingRequest_TooSmallResponseBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => _agent.HandleBindingRequest(ValidCheck.Build(), Browser, new byte[64], out _));
    }

    [Fact]
    public void HandleBindingRequest_SteadyStateNominatedChecks_AllocateNothing()
    {
        byte[] request = (ValidCheck with { UseCandidate = true }).Build();
        SocketAddress sameAddressNewObject = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 54321).Serialize();
        _agent.HandleBindingRequest(request, Browser, _response, out _); // nominate (allocates the copy) and warm up

        int nominated = 0;
        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (_agent.HandleBindingRequest(request, sameAddressNewObject, _response, out _) == IceCheckOutcome.Nominated)
                {
                    nominated++;
                }
            }
        });

        Assert.Equal(SteadyStateAllocations.Batches * 1000, nominated);
        Assert.Equal(0, allocated);
    }

    private StunMessage ParseResponse(int written)
    {
        Assert.True(written > 0);
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, written), out StunMessage? response));
        return response;
    }

    private StunMessage AssertErrorResponse(int written, IceCheck check, int expectedCode, bool expectIntegrity)
    {
        StunMessage response = ParseResponse(written);
        Assert.Equal(StunMessageType.BindingErrorResponse, response.Type);
        Assert.Equal(check.TransactionId, response.TransactionId);
        Assert.True(response.TryGetErrorCode(out int code, out _));
        Assert.Equal(expectedCode, code);
        Assert.True(StunMessage.VerifyFingerprint(_response.AsSpan(0, written)));
        Assert.Equal(expectIntegrity, response.GetAttribute(StunAttributeType.MessageIntegrity) is not null);
        if (expectIntegrity)
        {
            Assert.True(StunMessage.VerifyIntegrity(_response.AsSpan(0, written), Encoding.UTF8.GetBytes(Local.Password)));
        }

        return response;
    }

    private static byte[] Refingerprint(byte[] message)
    {
        var copy = (byte[])message.Clone();
        uint crc = StunFingerprint.Compute(copy.AsSpan(0, copy.Length - StunFingerprint.AttributeLength));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(copy.Length - 4), crc);
        return copy;
    }
}
