using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

/// <summary>The in-place reader of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
public sealed class TransportWideFeedbackReaderTests
{
    [Fact]
    public void Reader_TwoBitVectorVector_YieldsEveryStatusWithItsArrival()
    {
        byte[] bytes = RtcpVectors.Bytes(RtcpVectors.TransportWide);

        Assert.True(TransportWideFeedbackReader.TryCreate(bytes, out TransportWideFeedbackReader reader));
        Assert.Equal((1u, 0x11223344u, (ushort)1, 4, 16, (byte)5),
            (reader.SenderSsrc, reader.MediaSsrc, reader.BaseSequenceNumber, reader.StatusCount, reader.ReferenceTime, reader.FeedbackPacketCount));
        var results = new List<(ushort, TwccPacketStatus, long?)>();
        while (reader.MoveNext())
        {
            results.Add((reader.SequenceNumber, reader.Status, reader.Received ? reader.ArrivalMicroseconds : null));
        }

        Assert.Equal(
        [
            ((ushort)1, TwccPacketStatus.SmallDelta, 1_025_000L),
            ((ushort)2, TwccPacketStatus.SmallDelta, 1_027_000L),
            ((ushort)3, TwccPacketStatus.NotReceived, (long?)null),
            ((ushort)4, TwccPacketStatus.LargeDelta, 977_000L),
        ], results);
    }

    [Fact]
    public void Reader_MixedRunsVectorsAndLoss_MatchesTheArrivalsWrittenAcrossTheSequenceWrap()
    {
        var random = new Random(11);
        var arrivals = new List<long?>();
        long clock = 9_000_000;
        for (int i = 0; i < 500; i++)
        {
            clock += random.Next(0, 4) switch { 0 => 0, 1 => 1_000, 2 => random.Next(0, 64_000), _ => random.Next(-40_000, 150_000) };
            arrivals.Add(i is > 100 and < 130 || random.Next(8) == 0 ? null : clock / 250 * 250);
        }

        byte[] bytes = Write(TransportWideFeedback.FromArrivals(1, 2, 7, 65400, arrivals));

        Assert.True(TransportWideFeedbackReader.TryCreate(bytes, out TransportWideFeedbackReader reader));
        int index = 0;
        while (reader.MoveNext())
        {
            Assert.Equal((ushort)(65400 + index), reader.SequenceNumber);
            Assert.Equal(arrivals[index], reader.Received ? reader.ArrivalMicroseconds : null);
            index++;
        }

        Assert.Equal(arrivals.Count, index);
    }

    [Theory]
    [InlineData("8FCD0003 00000001 00000002 00010001", "FCI shorter than 8 bytes")]
    [InlineData("8FCD0004 00000001 00000002 00010002 00000000", "status count with no chunk")]
    [InlineData("8FCD0005 00000001 00000002 00010002 00000000 60020000", "run length of reserved status 3")]
    [InlineData("8FCD0005 00000001 00000002 00010002 00000000 20000000", "run length of zero packets")]
    [InlineData("AFCD0005 00000001 00000002 00010002 00000000 20020101", "two small deltas announced, one present")]
    [InlineData("AFCD0005 00000001 00000002 00010001 00000000 40010002", "large delta truncated")]
    [InlineData("8FCD0005 00000001 00000002 00010001 00000000 F0000000", "two-bit vector with a reserved first symbol")]
    public void TryCreate_Malformed_ReturnsFalse(string hex, string reason)
    {
        Assert.False(TransportWideFeedbackReader.TryCreate(RtcpVectors.Bytes(hex), out _), reason);
    }

    [Fact]
    public void Reader_SteadyState_AllocatesNothing()
    {
        byte[] bytes = Write(TransportWideFeedback.FromArrivals(1, 2, 0, 100,
            Enumerable.Range(0, 60).Select(i => i % 9 == 4 ? null : (long?)(1_000_000 + i * 5_000)).ToList()));
        long sum = 0;

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int n = 0; n < 1_000; n++)
            {
                if (TransportWideFeedbackReader.TryCreate(bytes, out TransportWideFeedbackReader reader))
                {
                    while (reader.MoveNext())
                    {
                        sum += reader.Received ? reader.ArrivalMicroseconds : 1;
                    }
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    private static byte[] Write(TransportWideFeedback feedback)
    {
        var bytes = new byte[feedback.GetSerializedSize()];
        feedback.WriteTo(bytes);
        return bytes;
    }
}
