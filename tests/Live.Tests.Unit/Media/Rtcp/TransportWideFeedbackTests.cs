using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.
public class TransportWideFeedbackTests
{
    [Fact]
    public void TryParse_TwoBitVectorVector_ReadsStatusesDeltasAndArrivals()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.TransportWide);

        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback fb));
        Assert.Equal(1u, fb.SenderSsrc);
        Assert.Equal(0x11223344u, fb.MediaSsrc);
        Assert.Equal(1, fb.BaseSequenceNumber);
        Assert.Equal(16, fb.ReferenceTime);
        Assert.Equal(5, fb.FeedbackPacketCount);
        Assert.Equal(
            [TwccPacketStatus.SmallDelta, TwccPacketStatus.SmallDelta, TwccPacketStatus.NotReceived, TwccPacketStatus.LargeDelta],
            fb.Statuses);
        Assert.Equal([(short)4, (short)8, (short)-200], fb.ReceiveDeltas);
        Assert.Equal(
            [new TwccReceivedPacket(1, 1_025_000), new TwccReceivedPacket(2, 1_027_000), new TwccReceivedPacket(4, 977_000)],
            fb.GetReceivedPackets());
    }

    [Fact]
    public void WriteTo_ParsedVector_WritesIdenticalBytesWithPadding()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.TransportWide);
        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback fb));

        var written = new byte[fb.GetSerializedSize()];
        fb.WriteTo(written);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(written));
    }

    [Fact]
    public void TryParse_DraftRunLengthExample_Reads221SmallDeltas()
    {
        // §3.1.3 example: run length chunk 0|01|0000011011101 = 221 packets received with small deltas.
        string deltas = string.Concat(Enumerable.Repeat("01", 221));
        int fciBytes = 8 + 2 + 221;
        int padded = (12 + fciBytes + 3) / 4 * 4;
        int padding = padded - 12 - fciBytes;
        string header = $"{(padding > 0 ? "AF" : "8F")}CD{padded / 4 - 1:X4}";
        string pad = padding > 0 ? new string('0', (padding - 1) * 2) + padding.ToString("X2") : "";
        byte[] bytes = RtcpVectors.Bytes($"{header} 00000001 00000002 0064 00DD 00000001 20DD {deltas} {pad}");

        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback fb));
        Assert.Equal(221, fb.Statuses.Count);
        Assert.All(fb.Statuses, s => Assert.Equal(TwccPacketStatus.SmallDelta, s));
        Assert.Equal(100 + 220, fb.GetReceivedPackets()[^1].SequenceNumber);
        var written = new byte[fb.GetSerializedSize()];
        fb.WriteTo(written);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(written));
    }

    [Fact]
    public void TryParse_DraftOneBitVectorExample_ReadsSymbols()
    {
        // §3.1.4 example: 1|0|0 1 1 1 1 1 0 0 0 1 1 1 0 0 — 14 one-bit symbols, 8 of them received.
        byte[] bytes = RtcpVectors.Bytes("AFCD0007 00000001 00000002 0000000E 00000000 9F1C 0101010101010101 0002");

        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback fb));
        int[] expected = [0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0];
        Assert.Equal(expected.Select(e => (TwccPacketStatus)e), fb.Statuses);
        Assert.Equal(8, fb.ReceiveDeltas.Count);
    }

    [Fact]
    public void FromArrivals_MixedPattern_RoundTripsArrivalTimes()
    {
        var random = new Random(7);
        var arrivals = new List<long?>();
        long clock = 5_000_000;
        for (int i = 0; i < 300; i++)
        {
            clock += random.Next(0, 3) switch { 0 => 0, 1 => random.Next(0, 64_000), _ => random.Next(-50_000, 200_000) };
            arrivals.Add(random.Next(10) == 0 ? null : clock / 250 * 250);
        }

        TransportWideFeedback fb = TransportWideFeedback.FromArrivals(9, 10, 3, 65500, arrivals);
        var bytes = new byte[fb.GetSerializedSize()];
        fb.WriteTo(bytes);

        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback parsed));
        Assert.Equal(fb.Statuses, parsed.Statuses);
        Assert.Equal(fb.ReceiveDeltas, parsed.ReceiveDeltas);
        var expected = arrivals
            .Select((a, i) => (a, i))
            .Where(x => x.a.HasValue)
            .Select(x => new TwccReceivedPacket((ushort)(65500 + x.i), x.a!.Value))
            .ToList();
        Assert.Equal(expected, parsed.GetReceivedPackets());
    }

    [Fact]
    public void FromArrivals_LongRun_UsesOneRunLengthChunk()
    {
        long?[] arrivals = Enumerable.Range(0, 20).Select(i => (long?)(640_000 + i * 1000)).ToArray();

        TransportWideFeedback fb = TransportWideFeedback.FromArrivals(1, 2, 0, 10, arrivals);
        var bytes = new byte[fb.GetSerializedSize()];
        fb.WriteTo(bytes);

        // First delta is 0 (the reference time is exactly 640 ms = 10 units); run length chunk 0|01|20.
        Assert.Equal("2014", Convert.ToHexString(bytes, 20, 2));
        Assert.Equal(44, bytes.Length); // 42 bytes padded to a word
    }

    [Fact]
    public void FromArrivals_AlternatingLoss_UsesOneBitVector()
    {
        long?[] arrivals = Enumerable.Range(0, 14).Select(i => i % 2 == 0 ? (long?)(i * 1000) : null).ToArray();

        TransportWideFeedback fb = TransportWideFeedback.FromArrivals(1, 2, 0, 10, arrivals);
        var bytes = new byte[fb.GetSerializedSize()];
        fb.WriteTo(bytes);

        // 1|0|10101010101010
        Assert.Equal("AAAA", Convert.ToHexString(bytes, 20, 2));
    }

    [Theory]
    [InlineData("8FCD0003 00000001 00000002 00010001", "FCI shorter than 8 bytes")]
    [InlineData("8FCD0004 00000001 00000002 00010002 00000000", "status count with no chunk")]
    [InlineData("8FCD0005 00000001 00000002 00010002 00000000 60020000", "run length of reserved status 3")]
    [InlineData("AFCD0005 00000001 00000002 00010002 00000000 20020101", "two small deltas announced, one present")]
    [InlineData("AFCD0005 00000001 00000002 00010001 00000000 40010002", "large delta truncated")]
    public void TryParse_Malformed_ReturnsFalse(string hex, string reason)
    {
        Assert.False(TransportWideFeedback.TryParse(RtcpVectors.Bytes(hex), out _), reason);
    }
}
