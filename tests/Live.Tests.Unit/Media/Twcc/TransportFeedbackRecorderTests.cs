using Live.Media.Rtcp;
using Live.Media.Twcc;

namespace Live.Tests.Unit.Media.Twcc;

/// <summary>The receive-side transport-cc recorder: hand-computed feedback, loss, reordering, wrap-around, splits, the window.</summary>
public sealed class TransportFeedbackRecorderTests
{
    private const uint Sender = 0x11111111;
    private const uint Media = 0x22222222;

    [Fact]
    public void WriteFeedback_ThreeInOrder_WritesHandComputedBytes()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(10, 64_000);
        recorder.Record(11, 65_000);
        recorder.Record(12, 67_000);

        byte[] packet = Write(recorder);

        // 12 header + SSRCs, 8 fixed FCI, one run-length chunk (3 × small delta), 3 deltas = 25, padded to 28.
        // Reference time 1 (64 ms); deltas in 250 µs: 64000→0, 65000→4, 67000→12-4=8.
        Assert.Equal(Convert.FromHexString(
            "AFCD0006" + "11111111" + "22222222" + "000A" + "0003" + "000001" + "00" + "2003" + "000408" + "000003"), packet);
        Assert.False(recorder.HasPending);
        Assert.Equal(1, recorder.FeedbackPacketCount);
    }

    [Fact]
    public void WriteFeedback_GapInSequence_ReportsMissingAsNotReceived()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(1, 1_000);
        recorder.Record(4, 2_000);

        TransportWideFeedback feedback = Parse(Write(recorder));

        Assert.Equal(1, feedback.BaseSequenceNumber);
        Assert.Equal([TwccPacketStatus.SmallDelta, TwccPacketStatus.NotReceived, TwccPacketStatus.NotReceived, TwccPacketStatus.SmallDelta], feedback.Statuses);
        Assert.Equal([new TwccReceivedPacket(1, 1_000), new TwccReceivedPacket(4, 2_000)], feedback.GetReceivedPackets());
    }

    [Fact]
    public void WriteFeedback_ReorderedArrival_UsesNegativeLargeDelta()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(5, 1_000);
        recorder.Record(7, 2_000);
        recorder.Record(6, 3_000);

        TransportWideFeedback feedback = Parse(Write(recorder));

        Assert.Equal([TwccPacketStatus.SmallDelta, TwccPacketStatus.SmallDelta, TwccPacketStatus.LargeDelta], feedback.Statuses);
        Assert.Equal([(short)4, (short)8, (short)-4], feedback.ReceiveDeltas);
        Assert.Equal([new TwccReceivedPacket(5, 1_000), new TwccReceivedPacket(6, 3_000), new TwccReceivedPacket(7, 2_000)], feedback.GetReceivedPackets());
    }

    [Fact]
    public void WriteFeedback_SequenceWrapsAround_OneFeedbackAcrossZero()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(65534, 10_000);
        recorder.Record(65535, 11_000);
        recorder.Record(1, 12_000);

        TransportWideFeedback feedback = Parse(Write(recorder));

        Assert.Equal(65534, feedback.BaseSequenceNumber);
        Assert.Equal(4, feedback.Statuses.Count);
        Assert.Equal([(ushort)65534, (ushort)65535, (ushort)1], feedback.GetReceivedPackets().Select(p => p.SequenceNumber));
    }

    [Fact]
    public void Record_LatePacketAfterReportedLost_NextFeedbackReportsItReceived()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(1, 1_000);
        recorder.Record(3, 2_000);
        TransportWideFeedback first = Parse(Write(recorder));
        recorder.Record(2, 3_000);
        recorder.Record(4, 4_000);

        TransportWideFeedback second = Parse(Write(recorder));

        Assert.Equal(TwccPacketStatus.NotReceived, first.Statuses[1]);
        Assert.Equal(0, first.FeedbackPacketCount);
        Assert.Equal(1, second.FeedbackPacketCount);
        Assert.Equal(2, second.BaseSequenceNumber);
        Assert.Equal([new TwccReceivedPacket(2, 3_000), new TwccReceivedPacket(3, 2_000), new TwccReceivedPacket(4, 4_000)], second.GetReceivedPackets());
    }

    [Fact]
    public void Record_Duplicate_KeepsFirstArrivalAndCounts()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(1, 1_000);
        recorder.Record(1, 9_000);

        Assert.Equal([new TwccReceivedPacket(1, 1_000)], Parse(Write(recorder)).GetReceivedPackets());
        Assert.Equal(1, recorder.Duplicates);
    }

    [Fact]
    public void WriteFeedback_ArrivalsTenSecondsApart_SplitsIntoTwoFeedbacks()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(100, 1_000_000);
        recorder.Record(101, 11_000_000);

        TransportWideFeedback first = Parse(Write(recorder));
        Assert.True(recorder.HasPending);
        TransportWideFeedback second = Parse(Write(recorder));

        Assert.Equal([new TwccReceivedPacket(100, 1_000_000)], first.GetReceivedPackets());
        Assert.Equal([new TwccReceivedPacket(101, 11_000_000)], second.GetReceivedPackets());
        Assert.Equal(11_000_000 / 64_000, second.ReferenceTime);
        Assert.False(recorder.HasPending);
    }

    [Fact]
    public void WriteFeedback_ManyPackets_SplitsUnderTheSizeBudgetAndCoversEveryOne()
    {
        var recorder = new TransportFeedbackRecorder();
        for (int i = 0; i < 2000; i++)
        {
            recorder.Record((ushort)i, 70_000L * i); // 70 ms apart: every delta is a large one
        }

        var received = new List<TwccReceivedPacket>();
        int feedbacks = 0;
        while (recorder.HasPending)
        {
            byte[] packet = Write(recorder);
            Assert.InRange(packet.Length, 1, 20 + TransportFeedbackRecorder.MaxFciBytes + 4);
            received.AddRange(Parse(packet).GetReceivedPackets());
            feedbacks++;
        }

        Assert.True(feedbacks > 1, $"{feedbacks} feedback(s)");
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => new TwccReceivedPacket((ushort)i, 70_000L * i)), received);
    }

    [Fact]
    public void Record_JumpBeyondWindow_GivesUpOldestUnreportedAndStaysBounded()
    {
        var recorder = new TransportFeedbackRecorder(windowSize: 64);
        recorder.Record(0, 1_000);
        recorder.Record(100, 2_000);

        TransportWideFeedback feedback = Parse(Write(recorder));

        Assert.Equal(100 - 63, feedback.BaseSequenceNumber);
        Assert.Equal(64, feedback.Statuses.Count);
        Assert.Equal([new TwccReceivedPacket(100, 2_000)], feedback.GetReceivedPackets());
        Assert.Equal(37, recorder.PacketsGivenUp); // 0..36 left the window unreported
        recorder.Record(1, 3_000);
        Assert.Equal(1, recorder.TooLate);
        Assert.False(recorder.HasPending);
    }

    [Fact]
    public void WriteFeedback_LongLossRunBeyondOnePacket_ReportsAllAsLostThenTheArrival()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.Record(0, 640_000);
        Write(recorder);
        recorder.Record(4000, 700_000);

        var statuses = new List<TwccPacketStatus>();
        var received = new List<TwccReceivedPacket>();
        while (recorder.HasPending)
        {
            TransportWideFeedback feedback = Parse(Write(recorder));
            Assert.Equal((ushort)(1 + statuses.Count), feedback.BaseSequenceNumber);
            statuses.AddRange(feedback.Statuses);
            received.AddRange(feedback.GetReceivedPackets());
        }

        Assert.Equal(4000, statuses.Count);
        Assert.Equal(3999, statuses.Count(s => s == TwccPacketStatus.NotReceived));
        Assert.Equal([new TwccReceivedPacket(4000, 700_000)], received);
    }

    [Fact]
    public void WriteFeedback_RandomLossAndReordering_MatchesFromArrivalsBytes()
    {
        var random = new Random(1313);
        for (int round = 0; round < 50; round++)
        {
            var recorder = new TransportFeedbackRecorder();
            ushort start = (ushort)random.Next(65536);
            int count = random.Next(1, 300);
            var arrivals = new long?[count];
            long time = random.Next(0, 1_000_000);
            for (int i = 0; i < count; i++)
            {
                time += random.Next(0, 20_000);
                arrivals[i] = i == 0 || i == count - 1 || random.Next(10) > 0 ? time + random.Next(-5_000, 5_000) : null;
                arrivals[i] = arrivals[i] is long a ? Math.Max(0, a) : null;
            }

            foreach (int i in Enumerable.Range(0, count).OrderBy(_ => random.Next()))
            {
                if (arrivals[i] is long arrival)
                {
                    recorder.Record((ushort)(start + i), arrival);
                }
            }

            byte[] expected = new byte[1500];
            int length = TransportWideFeedback.FromArrivals(Sender, Media, 0, start, arrivals).WriteTo(expected);
            Assert.Equal(expected[..length], Write(recorder));
            Assert.False(recorder.HasPending);
        }
    }

    [Fact]
    public void RecordAndWrite_Warm_AllocateNothing()
    {
        var recorder = new TransportFeedbackRecorder();
        byte[] buffer = new byte[1200];
        ushort sequence = 0;
        long time = 0;
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i % 17 != 0)
                {
                    recorder.Record(sequence, time);
                }

                sequence++;
                time += 900;
                if (i % 50 == 49)
                {
                    while (recorder.WriteFeedback(buffer, Sender, Media) > 0)
                    {
                    }
                }
            }
        }

        Run();
        long allocated = SteadyStateAllocations.Least(_ => Run());

        Assert.Equal(0, allocated);
        Assert.True(recorder.FeedbackPacketCount > 0);
    }

    private static byte[] Write(TransportFeedbackRecorder recorder)
    {
        byte[] buffer = new byte[1200];
        int length = recorder.WriteFeedback(buffer, Sender, Media);
        Assert.True(length > 0, "nothing written");
        return buffer[..length];
    }

    private static TransportWideFeedback Parse(byte[] packet)
    {
        Assert.True(TransportWideFeedback.TryParse(packet, out TransportWideFeedback feedback), Convert.ToHexString(packet));
        Assert.Equal(Sender, feedback.SenderSsrc);
        Assert.Equal(Media, feedback.MediaSsrc);
        return feedback;
    }
}
