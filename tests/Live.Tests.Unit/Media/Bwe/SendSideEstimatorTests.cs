using Live.Media.Bwe;
using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>The combined estimator's bookkeeping: sequence handling, loss sources, bad feedback, allocations.</summary>
public sealed class SendSideEstimatorTests
{
    [Fact]
    public void FeedbackForUnsentSequences_CountedAndIgnored()
    {
        var estimator = new SendSideEstimator();
        estimator.OnPacketSent(10, 1200, 0);
        TransportWideFeedback feedback = TransportWideFeedback.FromArrivals(1, 2, 0, 10, [40_000, 41_000, 42_000]);

        estimator.OnFeedback(feedback, 70_000);

        Assert.Equal(1, estimator.ReceivedPackets);
        Assert.Equal(2, estimator.UnknownPacketReports);
        Assert.Equal(SendSideEstimator.DefaultStartBps, estimator.TargetBitrateBps);
    }

    [Fact]
    public void SequenceWrap_PacketsAcrossZero_Matched()
    {
        var estimator = new SendSideEstimator();
        for (int i = 0; i < 10; i++)
        {
            estimator.OnPacketSent((ushort)(65530 + i), 1000, i * 1_000);
        }

        var arrivals = new List<long?>();
        for (int i = 0; i < 10; i++)
        {
            arrivals.Add(i == 7 ? null : 30_000 + i * 1_000);
        }

        estimator.OnFeedback(TransportWideFeedback.FromArrivals(1, 2, 0, 65530, arrivals), 60_000);

        Assert.Equal(9, estimator.ReceivedPackets);
        Assert.Equal(1, estimator.LostPackets);
        Assert.Equal(0, estimator.UnknownPacketReports);
    }

    [Fact]
    public void LostThenReportedReceived_CountsAsReceived()
    {
        var estimator = new SendSideEstimator();
        estimator.OnPacketSent(1, 1000, 0);
        estimator.OnPacketSent(2, 1000, 1_000);
        estimator.OnFeedback(TransportWideFeedback.FromArrivals(1, 2, 0, 1, [null, 40_000]), 60_000);
        Assert.Equal(1, estimator.LostPackets);

        estimator.OnFeedback(TransportWideFeedback.FromArrivals(1, 2, 1, 1, [45_000]), 80_000);
        Assert.Equal(0, estimator.LostPackets);
        Assert.Equal(2, estimator.ReceivedPackets);
    }

    [Fact]
    public void ReceiverReport_WithoutTransportFeedbackLoss_DrivesLossBased()
    {
        var estimator = new SendSideEstimator(1_000_000);
        // 64/256 = 25 % loss: × (1 − 0.125).
        Assert.Equal(875_000, estimator.OnReceiverReport(64, 1_000_000));
        Assert.Equal(875_000, estimator.LossBasedBps);
    }

    [Fact]
    public void ReceiverReport_WhileFeedbackMeasuresLoss_Ignored()
    {
        var estimator = new SendSideEstimator(1_000_000);
        long t = 0;
        ushort sequence = 0;
        for (int round = 0; round < 25; round++)
        {
            var arrivals = new List<long?>();
            ushort first = sequence;
            for (int i = 0; i < 5; i++)
            {
                estimator.OnPacketSent(sequence++, 1000, t);
                arrivals.Add(t + 20_000);
                t += 10_000;
            }

            estimator.OnFeedback(TransportWideFeedback.FromArrivals(1, 2, (byte)round, first, arrivals), t);
        }

        long before = estimator.TargetBitrateBps;
        Assert.Equal(before, estimator.OnReceiverReport(128, t));
        Assert.Equal(1, estimator.IgnoredReceiverReports);
    }

    [Fact]
    public void FeedbackReadInPlace_SameEstimateAsParsedFeedback()
    {
        var parsed = new SendSideEstimator();
        var inPlace = new SendSideEstimator();
        ushort sequence = 0;
        long t = 0;
        long queue = 0;
        for (int round = 0; round < 60; round++)
        {
            var arrivals = new List<long?>();
            ushort first = sequence;
            for (int i = 0; i < 20; i++)
            {
                parsed.OnPacketSent(sequence, 1100, t);
                inPlace.OnPacketSent(sequence, 1100, t);
                sequence++;
                queue += round > 30 ? 1_500 : 0; // a queue builds in the second half
                arrivals.Add(round % 4 == 1 && i == 5 ? null : 2_000_000 + t + queue); // 1.25 % loss: the loss-based side lets the target move
                t += 5_000;
            }

            TransportWideFeedback feedback = TransportWideFeedback.FromArrivals(1, 2, (byte)round, first, arrivals);
            var bytes = new byte[feedback.GetSerializedSize()];
            feedback.WriteTo(bytes);
            Assert.True(TransportWideFeedbackReader.TryCreate(bytes, out TransportWideFeedbackReader reader));

            Assert.Equal(parsed.OnFeedback(feedback, t + 30_000), inPlace.OnFeedback(reader, t + 30_000));
        }

        Assert.Equal((parsed.ReceivedPackets, parsed.LostPackets, parsed.Usage), (inPlace.ReceivedPackets, inPlace.LostPackets, inPlace.Usage));
        Assert.NotEqual(SendSideEstimator.DefaultStartBps, inPlace.TargetBitrateBps);
    }

    [Fact]
    public void OnPacketSentAndOnFeedback_SteadyState_AllocateNothing()
    {
        var estimator = new SendSideEstimator();
        // Parsed feedback is built before measuring: parsing allocates its lists, the estimator must not.
        var feedbacks = new TransportWideFeedback[200];
        for (int f = 0; f < feedbacks.Length; f++)
        {
            var arrivals = new List<long?>();
            for (int i = 0; i < 20; i++)
            {
                arrivals.Add(f * 20 + i == 7 ? null : 30_000 + (f * 20L + i) * 5_000);
            }

            feedbacks[f] = TransportWideFeedback.FromArrivals(1, 2, (byte)f, (ushort)(f * 20), arrivals);
        }

        int next = 0;
        void Batch(int _)
        {
            for (int k = 0; k < 40; k++, next++)
            {
                for (int i = 0; i < 20; i++)
                {
                    estimator.OnPacketSent((ushort)(next * 20 + i), 1200, (next * 20L + i) * 5_000);
                }

                estimator.OnFeedback(feedbacks[next], 50_000 + (next * 20L + 20) * 5_000);
            }
        }

        Batch(0);
        Assert.Equal(0, SteadyStateAllocations.Least(Batch));
        Assert.True(estimator.ReceivedPackets > 3000);
    }
}
