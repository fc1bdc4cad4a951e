using System.Buffers.Binary;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

public sealed class StunMessageReaderTests
{
    [Fact]
    public void TryParse_BadMagicCookie_RejectedAsBadMagicCookie()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;
        raw[StunHeader.MagicCookieOffset + 3] ^= 0xFF;

        AssertRejected(raw, StunParseError.BadMagicCookie);
    }

    [Fact]
    public void TryParse_TopBitsOfTypeSet_RejectedAsNotStun()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;
        raw[0] |= 0x80; // RTP-like first byte

        AssertRejected(raw, StunParseError.NotStun);
    }

    [Fact]
    public void TryParse_LengthNotMultipleOfFour_RejectedAsLengthNotAligned()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;
        BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(StunHeader.LengthOffset), (ushort)(raw.Length - StunHeader.Length - 2));

        AssertRejected(raw, StunParseError.LengthNotAligned);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    public void TryParse_ShorterThanHeader_RejectedAsTooShort(int length)
    {
        AssertRejected(Rfc5769Vectors.SampleRequest.AsSpan(0, length).ToArray(), StunParseError.TooShort);
    }

    [Fact]
    public void TryParse_TruncatedDatagram_RejectedAsLengthMismatch()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;

        AssertRejected(raw.AsSpan(0, raw.Length - 4).ToArray(), StunParseError.LengthMismatch);
    }

    [Fact]
    public void TryParse_TrailingBytesAfterMessage_RejectedAsLengthMismatch()
    {
        byte[] raw = [.. Rfc5769Vectors.SampleRequest, 0, 0, 0, 0];

        AssertRejected(raw, StunParseError.LengthMismatch);
    }

    [Fact]
    public void TryParse_AttributeLengthRunsPastEnd_RejectedAsAttributeOverrun()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;
        // The first attribute (SOFTWARE) claims more bytes than the whole body holds.
        BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(StunHeader.Length + 2), 0x0100);

        AssertRejected(raw, StunParseError.AttributeOverrun);
    }

    [Fact]
    public void TryParse_AttributeValueMissing_RejectedAsAttributeOverrun()
    {
        // The body is one attribute header announcing a 4-byte value that is not there.
        byte[] raw = Hex.Decode("00 01 00 04 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 80 22 00 04");

        AssertRejected(raw, StunParseError.AttributeOverrun);
    }

    [Fact]
    public void TryParse_ShortMessageIntegrity_RejectedAsBadAttributeLength()
    {
        byte[] raw = Hex.Decode("00 01 00 08 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 08 00 04 01 02 03 04");

        AssertRejected(raw, StunParseError.BadAttributeLength);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_RejectedAsFingerprintNotLast()
    {
        byte[] raw = Hex.Decode("""
            00 01 00 10 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00
            80 28 00 04 00 00 00 00 00 25 00 00 00 25 00 00
            """);

        AssertRejected(raw, StunParseError.FingerprintNotLast);
    }

    [Fact]
    public void TryParse_HeaderOnly_AcceptedWithNoAttributes()
    {
        byte[] raw = Hex.Decode("00 01 00 00 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c");

        Assert.True(StunMessageReader.TryParse(raw, out StunMessageReader reader, out StunParseError error));
        Assert.Equal(StunParseError.None, error);
        Assert.Equal(StunMessageType.BindingRequest, reader.Type);
        Assert.False(reader.HasMessageIntegrity);
        Assert.False(reader.HasFingerprint);
        int count = 0;
        foreach (StunAttributeView _ in reader)
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public void TryGetAttribute_AttributeAfterMessageIntegrity_IsIgnored()
    {
        // RFC 8489 §14.5: everything after MESSAGE-INTEGRITY except FINGERPRINT must be ignored.
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddMessageIntegrity("key"u8);
        writer.AddUInt32(StunAttributeType.Priority, 7);
        writer.AddFingerprint();
        Assert.True(StunMessageReader.TryParse(writer.Written, out StunMessageReader reader));

        Assert.False(reader.TryGetUInt32(StunAttributeType.Priority, out _));
        Assert.True(reader.HasAttribute(StunAttributeType.Fingerprint));
        Assert.True(StunMessageIntegrity.Verify(reader, "key"u8));
        Assert.True(StunFingerprint.Verify(reader));
    }

    [Fact]
    public void Enumerator_SampleRequest_YieldsOffsetsAndPadding()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;
        Assert.True(StunMessageReader.TryParse(raw, out StunMessageReader reader));

        var seen = new List<(StunAttributeType Type, int Offset, int ValueLength, string Padding)>();
        foreach (StunAttributeView attribute in reader)
        {
            seen.Add((attribute.Type, attribute.Offset, attribute.Value.Length, Convert.ToHexString(attribute.Padding)));
        }

        Assert.Equal(
            [
                (StunAttributeType.Software, 20, 16, ""),
                (StunAttributeType.Priority, 40, 4, ""),
                (StunAttributeType.IceControlled, 48, 8, ""),
                (StunAttributeType.Username, 60, 9, "202020"),
                (StunAttributeType.MessageIntegrity, 76, 20, ""),
                (StunAttributeType.Fingerprint, 100, 4, ""),
            ],
            seen);
        Assert.Equal(76, reader.MessageIntegrityOffset);
        Assert.Equal(100, reader.FingerprintOffset);
    }

    [Fact]
    public void VerifyFingerprint_FingerprintValueFlipped_Fails()
    {
        byte[] raw = Rfc5769Vectors.Ipv4Response;
        raw[^1] ^= 0x01;

        Assert.False(StunMessage.VerifyFingerprint(raw));
        Assert.True(StunMessage.VerifyIntegrity(raw, "VOkJxbRl1RmTxUk/WvJxBt"u8));
    }

    private static void AssertRejected(byte[] raw, StunParseError expected)
    {
        Assert.False(StunMessageReader.TryParse(raw, out _, out StunParseError error));
        Assert.Equal(expected, error);
        Assert.False(StunMessage.TryParse(raw, out StunMessage? message));
        Assert.Null(message);
        Assert.False(StunMessage.VerifyIntegrity(raw, "VOkJxbRl1RmTxUk/WvJxBt"u8));
        Assert.False(StunMessage.VerifyFingerprint(raw));
    }
}
