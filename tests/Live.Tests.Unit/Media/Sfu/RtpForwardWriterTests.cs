using Live.Media.Rtp;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>The consumer-side rewrite: SSRC, sequence, payload type, the subscriber's MID extension, and the RTX form.</summary>
public sealed class RtpForwardWriterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_PublisherPacketWithExtensions_SubscriberFieldsAndOnlyItsMid(bool rtx)
    {
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = 7, Timestamp = 90000, Ssrc = 1, Marker = true, Payload = new byte[] { 1, 2, 3, 4, 5 } };
        builder.AddExtension(4, "0"u8);       // the publisher's mid
        builder.AddExtension(3, [0x12, 0x34]); // its transport-wide sequence
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));
        var destination = new byte[RtpForwardWriter.MaxSize(source.Length, 2)];

        int length = RtpForwardWriter.Write(source, header, destination, payloadType: rtx ? (byte)97 : (byte)100, ssrc: 0xCAFE,
            sequenceNumber: 4242, midExtensionId: 9, mid: "12"u8, rtxSequenceNumber: rtx ? 5 : null);

        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out RtpHeader written));
        Assert.Equal(0xCAFEu, written.Ssrc);
        Assert.Equal(rtx ? 97 : 100, written.PayloadType);
        Assert.Equal(rtx ? (ushort)5 : (ushort)4242, written.SequenceNumber);
        Assert.Equal(90000u, written.Timestamp);
        Assert.True(written.Marker);
        Assert.True(written.TryGetExtension(destination.AsSpan(0, length), 9, out ReadOnlySpan<byte> mid));
        Assert.Equal("12"u8.ToArray(), mid.ToArray());
        Assert.False(written.TryGetExtension(destination.AsSpan(0, length), 4, out _));
        Assert.False(written.TryGetExtension(destination.AsSpan(0, length), 3, out _));
        byte[] payload = written.GetPayload(destination.AsSpan(0, length)).ToArray();
        // RFC 4588 §4: the OSN is the sequence number the consumer gave the original (4242 = 0x1092).
        Assert.Equal(rtx ? new byte[] { 0x10, 0x92, 1, 2, 3, 4, 5 } : [1, 2, 3, 4, 5], payload);
    }

    [Theory]
    [InlineData(false, "12")]
    [InlineData(true, "12")]
    [InlineData(false, "")]
    [InlineData(false, "0123456789abcdef")]
    public void Write_TransportWideCcNegotiated_CarriesTheTransportSequenceBesideTheMid(bool rtx, string mid)
    {
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = 7, Timestamp = 90000, Ssrc = 1, Payload = new byte[] { 1, 2, 3 } };
        builder.AddExtension(3, [0x12, 0x34]); // the publisher's own transport-wide sequence: not the subscriber's
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));
        byte[] midBytes = System.Text.Encoding.ASCII.GetBytes(mid);
        var destination = new byte[RtpForwardWriter.MaxSize(source.Length, midBytes.Length)];

        int length = RtpForwardWriter.Write(source, header, destination, payloadType: 100, ssrc: 0xCAFE, sequenceNumber: 4242,
            midExtensionId: 4, mid: midBytes, rtxSequenceNumber: rtx ? 5 : null, transportWideCcExtensionId: 3, transportSequenceNumber: 0xBEEF);

        Span<byte> written = destination.AsSpan(0, length);
        Assert.True(RtpHeader.TryParse(written, out RtpHeader parsed));
        Assert.True(RtpPacketRewriter.TryGetTransportWideSequenceNumber(written, parsed, 3, out ushort transportSequence));
        Assert.Equal(0xBEEF, transportSequence);
        Assert.Equal(mid.Length > 0, parsed.TryGetExtension(written, 4, out ReadOnlySpan<byte> writtenMid));
        Assert.Equal(midBytes, writtenMid.ToArray());
        Assert.Equal(rtx ? new byte[] { 0x10, 0x92, 1, 2, 3 } : [1, 2, 3], parsed.GetPayload(written).ToArray());
        Assert.Equal(0, (parsed.PayloadOffset - RtpHeader.FixedHeaderSize) % 4); // RFC 8285 §4.2: padded to a word
    }

    [Fact]
    public void Write_NoMidNegotiated_NoExtensionBlock()
    {
        var builder = new RtpPacketBuilder { PayloadType = 111, SequenceNumber = 1, Ssrc = 2, Payload = new byte[] { 9 } };
        builder.AddExtension(1, [0x80]);
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));
        var destination = new byte[64];

        int length = RtpForwardWriter.Write(source, header, destination, 111, 3, 2, midExtensionId: 0, mid: default);

        Assert.Equal(RtpHeader.FixedHeaderSize + 1, length);
        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out RtpHeader written));
        Assert.False(written.HasExtension);
    }

    [Fact]
    public void Write_DestinationTooSmall_ReturnsZero()
    {
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = 1, Ssrc = 2, Payload = new byte[100] };
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));

        Assert.Equal(0, RtpForwardWriter.Write(source, header, new byte[50], 96, 3, 2, 0, default));
    }
}
