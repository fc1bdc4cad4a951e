using System.Net;
using System.Net.Sockets;
using Live.Media.Ice;
using Live.Media.Sdp;
using Live.Media.Sfu;
using Live.Media.Stun;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// STUN naming a real transport over loopback: forged checks get at most the transport's budget of 401s (the rest are
/// dropped as <c>stun-error-rate-limited</c> with nothing sent), the peer's own check is still answered, keepalives are
/// counted as such and stray responses as <c>stun-ignored</c>.
/// </summary>
public sealed class SfuStunFloodTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly SfuTestPeer _alice;
    private readonly Socket _attacker = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly string _ufrag;
    private readonly string _password;

    public SfuStunFloodTests()
    {
        _server = new SfuServer(new SfuOptions { Port = 0, TcpEnabled = false, MaintenanceInterval = TimeSpan.FromHours(1) }, _time);
        _alice = new SfuTestPeer(_server.LocalEndPoint);
        NegotiationResult answer = _server.GetOrCreateRouter("room").Negotiate("alice", _alice.Offer("camera"), RouterNegotiateTests.CameraAndMic, null);
        Assert.True(answer.Succeeded, answer.Error);
        Assert.True(SdpParser.TryParse(answer.AnswerSdp!, out SessionDescription sdp, out string error), error);
        MediaDescription media = sdp.Media.First(m => m.Port != 0);
        _ufrag = media.IceUfrag!;
        _password = media.IcePassword!;
        _attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _attacker.ReceiveTimeout = 300;
    }

    public void Dispose()
    {
        _attacker.Dispose();
        _alice.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task ForgedChecksForARealUfrag_AtMostTheBudgetAnswered_RestDroppedAsRateLimited_PeerStillAnswered()
    {
        const int Forged = 40;
        for (int i = 0; i < Forged; i++)
        {
            _attacker.SendTo(new IceCheck($"{_ufrag}:evil", "wrong-password-wrong-password").Build(), _server.LocalEndPoint);
        }

        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.StunRejected)
            + _server.GetDropCount(SfuDropReason.StunErrorRateLimited) == Forged, Wait);
        Assert.Equal(IceLiteAgent.UnauthenticatedErrorBurst, _server.GetDropCount(SfuDropReason.StunRejected));
        Assert.Equal(Forged - IceLiteAgent.UnauthenticatedErrorBurst, _server.GetDropCount(SfuDropReason.StunErrorRateLimited));
        Assert.Equal(IceLiteAgent.UnauthenticatedErrorBurst, ReceiveErrorResponses());

        // The flood spent the budget, not the peer's access: its check (same transport) is answered with a success.
        _alice.SendCheck(_ufrag, _password, useCandidate: true);
        await SfuTestWait.UntilAsync(() => Volatile.Read(ref _alice.StunResponses) == 1, Wait);

        // The budget refills with the server's clock: one more 401 per interval.
        _time.Advance(IceLiteAgent.UnauthenticatedErrorRefill);
        _attacker.SendTo(new IceCheck($"{_ufrag}:evil", "wrong-password-wrong-password").Build(), _server.LocalEndPoint);
        _attacker.SendTo(new IceCheck($"{_ufrag}:evil", "wrong-password-wrong-password").Build(), _server.LocalEndPoint);
        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.StunErrorRateLimited) == Forged - IceLiteAgent.UnauthenticatedErrorBurst + 1, Wait);
        Assert.Equal(IceLiteAgent.UnauthenticatedErrorBurst + 1, _server.GetDropCount(SfuDropReason.StunRejected));
        Assert.Equal(1, ReceiveErrorResponses());
    }

    [Fact]
    public async Task IndicationAndResponseNamingATransport_KeepaliveCountedNotDropped_ResponseDroppedAsIgnored()
    {
        _attacker.SendTo(Build(StunMessageType.BindingIndication), _server.LocalEndPoint);
        _attacker.SendTo(Build(StunMessageType.BindingSuccessResponse), _server.LocalEndPoint);

        await SfuTestWait.UntilAsync(() => _server.StunKeepalivesReceived == 1 && _server.GetDropCount(SfuDropReason.StunIgnored) == 1, Wait);
        Assert.Equal(0, _server.GetDropCount(SfuDropReason.StunRejected));
        Assert.Equal(0, _server.GetDropCount(SfuDropReason.StunUnknownUser));
        Assert.Equal(0, ReceiveErrorResponses());
    }

    /// <summary>STUN of <paramref name="type"/> whose USERNAME names alice's transport, as a browser's would.</summary>
    private byte[] Build(StunMessageType type)
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, type, StunTransactionId.NewRandom());
        writer.AddText(StunAttributeType.Username, $"{_ufrag}:evil");
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Reads what reached the attacker until the socket is quiet; every datagram must be a Binding error.</summary>
    private int ReceiveErrorResponses()
    {
        var buffer = new byte[1500];
        int count = 0;
        while (true)
        {
            int length;
            try
            {
                length = _attacker.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return count;
            }

            Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage? response));
            Assert.Equal(StunMessageType.BindingErrorResponse, response.Type);
            count++;
        }
    }
}
