using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

public class RtpPacketRewriterTests
{
    [Fact]
    public void Setters_RewriteFieldsInPlace_KeepingTheRest()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);

        RtpPacketRewriter.SetSequenceNumber(bytes, 0xFFFE);
        RtpPacketRewriter.SetTimestamp(bytes, 0xCAFEBABE);
        RtpPacketRewriter.SetSsrc(bytes, 42);
        RtpPacketRewriter.SetPayloadType(bytes, 100);

        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));
        Assert.Equal(0xFFFE, packet.Header.SequenceNumber);
        Assert.Equal(0xCAFEBABEu, packet.Header.Timestamp);
        Assert.Equal(42u, packet.Header.Ssrc);
        Assert.Equal(100, packet.Header.PayloadType);
        Assert.True(packet.Header.Marker);
        Assert.Equal(0x01020304u, packet.GetCsrc(0));
        Assert.Equal(RtpHeaderTests.Hex("AABBCC"), packet.Payload.ToArray());
    }

    [Fact]
    public void SetMarker_TogglesOnlyTheMarker()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);

        RtpPacketRewriter.SetMarker(bytes, false);
        Assert.True(RtpHeader.TryParse(bytes, out RtpHeader header));
        Assert.False(header.Marker);
        Assert.Equal(96, header.PayloadType);

        RtpPacketRewriter.SetMarker(bytes, true);
        Assert.True(RtpHeader.TryParse(bytes, out header));
        Assert.True(header.Marker);
    }

    [Fact]
    public void TransportWideSequenceNumber_GetAndSet_RoundTrip()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);
        Assert.True(RtpHeader.TryParse(bytes, out RtpHeader header));

        Assert.True(RtpPacketRewriter.TryGetTransportWideSequenceNumber(bytes, header, 3, out ushort before));
        Assert.Equal(42, before);
        Assert.True(RtpPacketRewriter.TrySetTransportWideSequenceNumber(bytes, header, 3, 0xBEEF));
        Assert.True(RtpPacketRewriter.TryGetTransportWideSequenceNumber(bytes, header, 3, out ushort after));
        Assert.Equal(0xBEEF, after);
        Assert.True(RtpPacketRewriter.TryGetAbsSendTime(bytes, header, 2, out uint abs));
        Assert.Equal(0x123456u, abs);
    }

    [Fact]
    public void TrySetExtension_MissingOrWrongLength_ReturnsFalseAndLeavesPacket()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);
        byte[] original = (byte[])bytes.Clone();
        Assert.True(RtpHeader.TryParse(bytes, out RtpHeader header));

        Assert.False(RtpPacketRewriter.TrySetTransportWideSequenceNumber(bytes, header, 5, 1));
        Assert.False(RtpPacketRewriter.TrySetTransportWideSequenceNumber(bytes, header, 2, 1));
        Assert.Equal(original, bytes);
    }

    [Fact]
    public void AbsSendTime_SetAndConvert_Uses6Point18FixedPoint()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);
        Assert.True(RtpHeader.TryParse(bytes, out RtpHeader header));

        uint value = RtpPacketRewriter.ToAbsSendTime(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0x060000u, value);
        Assert.Equal(0x000000u, RtpPacketRewriter.ToAbsSendTime(TimeSpan.FromSeconds(64)));
        Assert.True(RtpPacketRewriter.TrySetAbsSendTime(bytes, header, 2, value));
        Assert.True(RtpPacketRewriter.TryGetAbsSendTime(bytes, header, 2, out uint read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void ParseAndRewrite_HotPath_AllocatesNothing()
    {
        byte[] bytes = RtpHeaderTests.Hex(RtpHeaderTests.OneBytePacketHex);
        int checksum = RewriteMany(bytes, 100);

        long allocated = SteadyStateAllocations.Least(_ => checksum += RewriteMany(bytes, 5_000));

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    [Fact]
    public void Builder_Reused_AllocatesNothing()
    {
        var builder = new RtpPacketBuilder { PayloadType = 96, Payload = new byte[100] };
        var destination = new byte[1500];
        byte[] twcc = [0, 1];
        int total = 0;
        for (int i = 0; i < 100; i++)
        {
            total += Build(builder, destination, twcc, i);
        }

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                total += Build(builder, destination, twcc, i);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    private static int Build(RtpPacketBuilder builder, byte[] destination, ReadOnlySpan<byte> twcc, int i)
    {
        builder.Reset();
        builder.PayloadType = 96;
        builder.SequenceNumber = (ushort)i;
        builder.Payload = destination.AsMemory(1000, 100);
        builder.AddExtension(3, twcc);
        return builder.WriteTo(destination);
    }

    private static int RewriteMany(byte[] bytes, int iterations)
    {
        int checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (!RtpPacket.TryParse(bytes, out RtpPacket packet))
            {
                return -1;
            }

            checksum += packet.Payload.Length;
            RtpPacketRewriter.SetSequenceNumber(bytes, (ushort)i);
            RtpPacketRewriter.SetSsrc(bytes, (uint)i);
            RtpPacketRewriter.SetTimestamp(bytes, (uint)i * 3000);
            RtpPacketRewriter.SetPayloadType(bytes, 97);
            RtpPacketRewriter.TrySetTransportWideSequenceNumber(bytes, packet.Header, 3, (ushort)i);
            RtpPacketRewriter.TrySetAbsSendTime(bytes, packet.Header, 2, (uint)i);
            foreach (RtpHeaderExtension e in packet.Extensions)
            {
                checksum += e.Id;
            }
        }

        return checksum;
    }
}
