using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

public class RtcpPacketTests
{
    private static readonly ReportBlock ExpectedBlock = new(0x55667788, 0x19, -2, 0x00010203, 10, 0xB2C58D4F, 0x00010000);

    [Fact]
    public void SenderReport_Vector_ParsesAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.SenderReport);

        Assert.True(SenderReport.TryParse(bytes, out SenderReport sr));
        Assert.Equal(0x11223344u, sr.Ssrc);
        Assert.Equal(0xE4C6B2C58D4FDF3Bul, sr.NtpTimestamp);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(16000u, sr.OctetCount);
        Assert.Equal([ExpectedBlock], sr.ReportBlocks);
        AssertRoundTrip(bytes, sr);
    }

    [Fact]
    public void ReceiverReport_Vector_ParsesAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.ReceiverReport);

        Assert.True(ReceiverReport.TryParse(bytes, out ReceiverReport rr));
        Assert.Equal(0x11223344u, rr.Ssrc);
        Assert.Equal([ExpectedBlock], rr.ReportBlocks);
        AssertRoundTrip(bytes, rr);
    }

    [Fact]
    public void SourceDescription_Vector_ParsesCnameAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.SourceDescription);

        Assert.True(SourceDescription.TryParse(bytes, out SourceDescription sdes));
        SdesChunk chunk = Assert.Single(sdes.Chunks);
        Assert.Equal(0x11223344u, chunk.Ssrc);
        Assert.Equal("KpT45gZ10POhPbsL", chunk.Cname);
        AssertRoundTrip(bytes, sdes);
    }

    [Fact]
    public void SourceDescription_ChunkNeedingFourNullOctets_RoundTrips()
    {
        // SSRC + CNAME of 2 bytes = 8 bytes, so the terminating null needs a whole extra word.
        var sdes = new SourceDescription { Chunks = [new SdesChunk(7, [new SdesItem(SdesItem.CnameType, "ab")]), new SdesChunk(8, [])] };
        byte[] bytes = Write(sdes);

        Assert.Equal(RtcpVectors.Bytes("82CA0005 00000007 01026162 00000000 00000008 00000000"), bytes);
        Assert.True(SourceDescription.TryParse(bytes, out SourceDescription parsed));
        Assert.Equal("ab", parsed.Chunks[0].Cname);
        Assert.Null(parsed.Chunks[1].Cname);
    }

    [Fact]
    public void Goodbye_Vector_ParsesAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.Goodbye);

        Assert.True(Goodbye.TryParse(bytes, out Goodbye bye));
        Assert.Equal([0x11223344u], bye.Ssrcs);
        Assert.Equal("bye", bye.Reason);
        AssertRoundTrip(bytes, bye);
        AssertRoundTrip(Write(new Goodbye { Ssrcs = [1, 2] }), new Goodbye { Ssrcs = [1, 2] });
    }

    [Fact]
    public void GenericNack_Vector_ExpandsPidAndBlp()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.GenericNack);

        Assert.True(GenericNack.TryParse(bytes, out GenericNack nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x11223344u, nack.MediaSsrc);
        Assert.Equal([100, 101, 103], nack.GetLostSequenceNumbers());
        AssertRoundTrip(bytes, nack);
    }

    [Fact]
    public void GenericNack_FromLostAcrossWrap_GroupsWithin16AndRoundTrips()
    {
        ushort[] lost = [65534, 65535, 0, 15, 16, 40];

        GenericNack nack = GenericNack.FromLostSequenceNumbers(1, 2, lost);

        Assert.Equal([new NackItem(65534, 0b11), new NackItem(15, 0b1), new NackItem(40, 0)], nack.Items);
        Assert.True(GenericNack.TryParse(Write(nack), out GenericNack parsed));
        Assert.Equal(lost, parsed.GetLostSequenceNumbers());
    }

    [Theory]
    [InlineData((ushort)100, 1)]
    [InlineData((ushort)65530, 17)]
    [InlineData((ushort)7, 9)]
    public void GenericNack_WriteConsecutive_NamesExactlyThoseLossesAndMatchesTheBuilder(ushort first, int count)
    {
        ushort[] lost = Enumerable.Range(0, count).Select(i => (ushort)(first + i)).ToArray();
        Span<byte> written = stackalloc byte[GenericNack.SingleItemSize];

        int length = GenericNack.WriteConsecutive(written, 0x0A0B0C0D, 0x01020304, first, count);

        Assert.Equal(GenericNack.SingleItemSize, length);
        Assert.Equal(Write(GenericNack.FromLostSequenceNumbers(0x0A0B0C0D, 0x01020304, lost)), written.ToArray());
        Assert.True(GenericNack.TryParse(written, out GenericNack parsed));
        Assert.Equal(lost, parsed.GetLostSequenceNumbers());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(GenericNack.MaxConsecutivePerItem + 1)]
    public void GenericNack_WriteConsecutive_CountOutsideOneItem_Throws(int count)
    {
        var destination = new byte[GenericNack.SingleItemSize];
        Assert.Throws<ArgumentOutOfRangeException>(() => GenericNack.WriteConsecutive(destination, 1, 2, 100, count));
    }

    [Fact]
    public void PictureLossIndication_Vector_ParsesAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.PictureLoss);

        Assert.True(PictureLossIndication.TryParse(bytes, out PictureLossIndication pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x11223344u, pli.MediaSsrc);
        AssertRoundTrip(bytes, pli);
    }

    [Fact]
    public void FullIntraRequest_Vector_ParsesAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.FullIntraRequest);

        Assert.True(FullIntraRequest.TryParse(bytes, out FullIntraRequest fir));
        Assert.Equal([new FirEntry(0x11223344, 7)], fir.Entries);
        AssertRoundTrip(bytes, fir);
    }

    [Fact]
    public void Remb_Vector_ParsesBitrateAndRoundTrips()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.Remb);

        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(bytes, out ReceiverEstimatedMaxBitrate remb));
        Assert.Equal(1_000_000ul, remb.Bitrate);
        Assert.Equal([0x11223344u], remb.Ssrcs);
        AssertRoundTrip(bytes, remb);
    }

    [Theory]
    [InlineData(0ul, 0ul)]
    [InlineData(262_143ul, 262_143ul)]
    [InlineData(262_144ul, 262_144ul)]
    [InlineData(2_500_001ul, 2_500_000ul)]
    [InlineData(ulong.MaxValue, 0x3FFFFul << 46)]
    public void Remb_Bitrate_EncodesWith18BitMantissa(ulong bitrate, ulong expected)
    {
        var remb = new ReceiverEstimatedMaxBitrate { SenderSsrc = 1, Bitrate = bitrate, Ssrcs = [5, 6] };

        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Write(remb), out ReceiverEstimatedMaxBitrate parsed));
        Assert.Equal(expected, parsed.Bitrate);
        Assert.Equal([5u, 6u], parsed.Ssrcs);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("41C80006 11223344 E4C6B2C5 8D4FDF3B 0001E240 00000064 00003E80", "version 1")]
    [InlineData("81C80006 11223344 E4C6B2C5 8D4FDF3B 0001E240 00000064 00003E80", "SR claims a block it lacks")]
    [InlineData("80C80007 11223344 E4C6B2C5 8D4FDF3B 0001E240 00000064 00003E80", "length past the data")]
    [InlineData("80C90000", "RR without SSRC")]
    [InlineData("81CA0002 11223344 0110", "SDES item runs past the packet")]
    [InlineData("81CA0001 11223344", "SDES chunk without terminator")]
    [InlineData("82CB0001 11223344", "BYE second SSRC missing")]
    [InlineData("80CB0001 0A627965", "BYE reason runs past the packet")]
    [InlineData("81CD0002 00000001 11223344", "NACK without items")]
    [InlineData("81CE0003 00000001 11223344 00000000", "PLI with an FCI")]
    [InlineData("84CE0003 00000001 00000000 11223344", "FIR entry truncated")]
    [InlineData("8FCE0004 00000001 00000000 41424344 010BD090", "application feedback that is not REMB")]
    [InlineData("8FCE0004 00000001 00000000 52454D42 020BD090", "REMB lists more SSRCs than it carries")]
    [InlineData("A1CD0002 00000001 11223344", "padding bit with no padding length")]
    public void TryParse_Malformed_EveryParserReturnsFalse(string hex, string reason)
    {
        byte[] bytes = RtcpVectors.Bytes(hex);
        Assert.Empty(RtcpParsers.ParseAll(bytes).Where(p => p is not null).Select(p => p!.GetType().Name + " " + reason));
    }

    private static byte[] Write(IRtcpPacket packet)
    {
        var bytes = new byte[packet.GetSerializedSize()];
        Assert.Equal(bytes.Length, packet.WriteTo(bytes));
        return bytes;
    }

    private static void AssertRoundTrip(byte[] expected, IRtcpPacket packet) =>
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Write(packet)));
}
