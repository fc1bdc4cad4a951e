using System.Net;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

public sealed class StunMessageWriterTests
{
    private static readonly byte[] Key = "0123456789abcdefghijkl"u8.ToArray();

    [Fact]
    public void Writer_IntegrityThenFingerprint_BothVerifyAndLengthCountsEverything()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.NewRandom());
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 50123));
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        byte[] raw = writer.Written.ToArray();

        Assert.Equal(20 + 12 + 24 + 8, raw.Length);
        Assert.Equal(raw.Length - StunHeader.Length, (raw[2] << 8) | raw[3]);
        Assert.True(StunMessage.VerifyIntegrity(raw, Key));
        Assert.True(StunMessage.VerifyFingerprint(raw));
        Assert.False(StunMessage.VerifyIntegrity(raw, "wrong"u8));
    }

    [Fact]
    public void Writer_IntegrityWithoutFingerprint_Verifies()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddText(StunAttributeType.Username, "abcd:efgh");
        writer.AddMessageIntegrity(Key);

        Assert.True(StunMessage.VerifyIntegrity(writer.Written, Key));
        Assert.False(StunMessage.VerifyFingerprint(writer.Written));
    }

    [Fact]
    public void Writer_ErrorResponse_ParsesBackCodeReasonAndUnknownAttributes()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, StunTransactionId.NewRandom());
        writer.AddErrorCode(StunErrorCode.UnknownAttribute);
        writer.AddUnknownAttributes([0x0031, 0x7FFF]);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage? message));
        Assert.True(message.TryGetErrorCode(out int code, out string reason));
        Assert.Equal(420, code);
        Assert.Equal("Unknown Attribute", reason);
        Assert.Equal(Hex.Decode("0031 7fff"), message.GetAttribute(StunAttributeType.UnknownAttributes)!.Value.ToArray());
    }

    [Fact]
    public void Writer_BufferTooSmall_Throws()
    {
        var buffer = new byte[StunHeader.Length + 4];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
            writer.AddUInt32(StunAttributeType.Priority, 1);
        });
    }

    [Fact]
    public void StunMessage_BuiltThenWritten_RoundTripsThroughParse()
    {
        var message = new StunMessage(StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        message.Attributes.Add(StunAttribute.FromText(StunAttributeType.Username, "a:b"));
        message.Attributes.Add(StunAttribute.FromUInt32(StunAttributeType.Priority, 0x7E7FFFFF));
        message.Attributes.Add(StunAttribute.FromUInt64(StunAttributeType.IceControlling, 0x0102030405060708));
        message.Attributes.Add(StunAttribute.Flag(StunAttributeType.UseCandidate));
        var raw = new byte[message.GetSerializedSize(withIntegrity: true, withFingerprint: true)];
        Assert.Equal(raw.Length, message.WriteTo(raw, Key, appendFingerprint: true));

        Assert.True(StunMessage.TryParse(raw, out StunMessage? parsed));
        Assert.Equal(message.Type, parsed.Type);
        Assert.Equal(message.TransactionId, parsed.TransactionId);
        Assert.Equal("a:b", parsed.GetText(StunAttributeType.Username));
        Assert.True(parsed.TryGetUInt32(StunAttributeType.Priority, out uint priority));
        Assert.Equal(0x7E7FFFFFu, priority);
        Assert.True(parsed.TryGetUInt64(StunAttributeType.IceControlling, out ulong tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.NotNull(parsed.GetAttribute(StunAttributeType.UseCandidate));
        Assert.True(StunMessage.VerifyIntegrity(raw, Key));
        Assert.True(StunMessage.VerifyFingerprint(raw));
        Assert.Equal(raw, parsed.ToArray());
    }

    [Fact]
    public void WriteParseVerify_BindingResponse_AllocatesNothing()
    {
        var buffer = new byte[256];
        byte[] address = [192, 0, 2, 1];
        var id = StunTransactionId.NewRandom();

        RoundTrip(buffer, address, id); // warm up JIT, statics and crypto providers
        bool allVerified = true;
        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < 1000; i++)
            {
                allVerified &= RoundTrip(buffer, address, id);
            }
        });

        Assert.True(allVerified);
        Assert.Equal(0, allocated);
    }

    private static bool RoundTrip(byte[] buffer, ReadOnlySpan<byte> address, StunTransactionId id)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, id);
        writer.AddXorMappedAddress(address, 50000);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        return StunMessageReader.TryParse(writer.Written, out StunMessageReader reader)
            && reader.TryGetAttribute(StunAttributeType.XorMappedAddress, out _)
            && StunMessageIntegrity.Verify(reader, Key)
            && StunFingerprint.Verify(reader);
    }
}
