using Live.Media.Bwe;
using Live.Tests.Unit.Media.Bwe.Simulation;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>
/// Probing: a probe train's measured rate (its bytes over the span of their arrivals, at most its send rate), when
/// probes are sent and how fast, and how a result raises what the estimator counts as shown (verified).
/// </summary>
public sealed class ProbingTests
{
    private const int PacketBytes = 300;

    [Fact]
    public void Measurement_PathFasterThanProbe_ResultIsTheProbeRate()
    {
        var probe = new ProbeMeasurement();
        probe.Begin(1_000_000);
        // 40 packets of 300 bytes at 1 Mbit/s: one every 2.4 ms; they arrive as they were sent.
        SendTrain(probe, count: 40, spacingUs: 2_400, arrivalSpacingUs: 2_400);
        probe.End(100_000);
        Assert.True(probe.TryComplete(100_000, out long result));
        Assert.InRange(result, 950_000, 1_000_000);
        Assert.False(probe.IsActive);
    }

    [Fact]
    public void Measurement_PathSlowerThanProbe_ResultIsBelowWhatThePathDelivered()
    {
        var probe = new ProbeMeasurement();
        probe.Begin(1_000_000);
        // Sent at 1 Mbit/s, delivered at 300 kbit/s (8 ms apart): the path is the limit, and the probe built a queue.
        SendTrain(probe, count: 40, spacingUs: 2_400, arrivalSpacingUs: 8_000);
        probe.End(100_000);
        Assert.True(probe.TryComplete(400_000, out long result));
        Assert.InRange(result, 0.9 * 300_000, 0.96 * 300_000);
    }

    [Fact]
    public void Measurement_WaitsForFeedback_ThenTimesOut_ManyLostMeasureNothing()
    {
        var probe = new ProbeMeasurement();
        probe.Begin(1_000_000);
        for (int i = 0; i < 40; i++)
        {
            probe.OnSent(i, PacketBytes, i * 2_400L);
        }

        probe.End(100_000);
        for (int i = 0; i < 20; i++)
        {
            probe.OnReceived(i, PacketBytes, 10_000 + i * 2_400L);
        }

        Assert.False(probe.TryComplete(500_000, out _)); // half reported, the timeout not passed
        Assert.True(probe.TryComplete(100_000 + ProbeMeasurement.FeedbackTimeoutUs, out long result));
        Assert.Equal(0, result);
    }

    [Fact]
    public void Measurement_PacketsOutsideTheProbe_AreNotCounted()
    {
        var probe = new ProbeMeasurement();
        probe.OnSent(0, PacketBytes, 0); // before the probe
        probe.Begin(500_000);
        SendTrain(probe, count: 20, spacingUs: 4_800, arrivalSpacingUs: 4_800, first: 1);
        probe.End(100_000);
        probe.OnSent(21, PacketBytes, 110_000); // after it
        probe.OnReceived(0, 60_000, 5); // would ruin the rate if it counted
        Assert.True(probe.TryComplete(100_000, out long result));
        Assert.InRange(result, 475_000, 500_000);
    }

    [Fact]
    public void Scheduler_ProbesOnlyWhenWantedIsAboveTheEstimate_AtMostTwiceIt()
    {
        var scheduler = new ProbeScheduler();
        Assert.Equal(0, scheduler.TryStart(0, estimateBps: 1_000_000, wantedBps: 900_000));
        Assert.Equal(0, scheduler.TryStart(0, estimateBps: 0, wantedBps: 900_000));
        Assert.Equal(2_000_000, scheduler.TryStart(0, estimateBps: 1_000_000, wantedBps: 3_000_000));
        Assert.Equal(0, scheduler.TryStart(1, estimateBps: 1_000_000, wantedBps: 3_000_000)); // one in flight
        scheduler.OnFinished(500_000, raised: true);
        Assert.Equal(0, scheduler.TryStart(500_000 + ProbeScheduler.IntervalAfterRaiseUs - 1, 2_000_000, 3_000_000));
        // Close to what is wanted: aim a little above it, so a result just under the probe's rate still covers it.
        Assert.Equal(3_750_000, scheduler.TryStart(500_000 + ProbeScheduler.IntervalAfterRaiseUs, 2_000_000, 3_000_000));
        Assert.Equal((2, 1), (scheduler.ProbesStarted, scheduler.ProbesRaised));
    }

    [Fact]
    public void Scheduler_AfterAFailedProbe_WaitsLonger()
    {
        var scheduler = new ProbeScheduler();
        Assert.True(scheduler.TryStart(0, 300_000, 2_000_000) > 0);
        scheduler.OnFinished(400_000, raised: false);
        Assert.Equal(0, scheduler.TryStart(400_000 + ProbeScheduler.IntervalAfterRaiseUs, 300_000, 2_000_000));
        long second = 400_000 + ProbeScheduler.IntervalAfterFailureUs;
        Assert.Equal(600_000, scheduler.TryStart(second, 300_000, 2_000_000));

        // Each further failure doubles the wait, up to the maximum; a raise resets it.
        scheduler.OnFinished(second, raised: false);
        Assert.Equal(0, scheduler.TryStart(second + 2 * ProbeScheduler.IntervalAfterFailureUs - 1, 300_000, 2_000_000));
        long third = second + ProbeScheduler.MaxIntervalAfterFailureUs;
        Assert.True(scheduler.TryStart(third, 300_000, 2_000_000) > 0);
        scheduler.OnFinished(third, raised: false);
        Assert.True(scheduler.TryStart(third + ProbeScheduler.MaxIntervalAfterFailureUs, 300_000, 2_000_000) > 0);
    }

    [Fact]
    public void Estimator_StartValueIsNotVerified_ProbeOnAFastPathRaisesIt()
    {
        var estimator = new SendSideEstimator();
        Assert.Equal(SendSideEstimator.DefaultStartBps, estimator.TargetBitrateBps);
        Assert.Equal(0, estimator.VerifiedBitrateBps); // a guess, not a measurement
        Assert.Equal(0, estimator.TryStartProbe(0, wantedBps: 2_000_000)); // nothing shown yet to probe from

        // 200 kbit/s of media for a second, acknowledged as sent: that is shown.
        ushort sequence = 0;
        long nowUs = 0;
        var feedback = new FeedbackReceiver();
        for (int i = 0; i < 100; i++, nowUs += 10_000)
        {
            estimator.OnPacketSent(sequence, 250, nowUs);
            feedback.Record(sequence++, nowUs + 20_000);
            if (i % 10 == 9)
            {
                estimator.OnFeedback(feedback.Build(nowUs + 20_000)!, nowUs + 25_000);
            }
        }

        long shown = estimator.VerifiedBitrateBps;
        Assert.InRange(shown, 180_000, 220_000);

        // A probe at twice that on a path that carries it all: the verified rate becomes the probe's.
        long rate = estimator.TryStartProbe(nowUs, wantedBps: 2_000_000);
        Assert.Equal(2 * shown, rate);
        long probeStart = nowUs;
        int probePackets = (int)(rate * ProbeScheduler.DurationUs / 8_000_000 / 250);
        long spacingUs = ProbeScheduler.DurationUs / probePackets;
        for (int i = 0; i < probePackets; i++, nowUs += spacingUs)
        {
            estimator.OnPacketSent(sequence, 250, nowUs);
            feedback.Record(sequence++, nowUs + 20_000);
        }

        estimator.EndProbe(nowUs);
        estimator.OnFeedback(feedback.Build(nowUs + 20_000)!, nowUs + 25_000);
        Assert.False(estimator.IsProbing);
        Assert.InRange(estimator.LastProbeResultBps, 0.9 * rate, rate);
        Assert.True(estimator.ProvenBps >= estimator.LastProbeResultBps);
        Assert.True(estimator.VerifiedBitrateBps > shown * 1.8, $"{estimator.VerifiedBitrateBps} after the probe, {shown} before ({probeStart} µs)");
        Assert.Equal((1, 1), estimator.ProbeCounts);
    }

    private static void SendTrain(ProbeMeasurement probe, int count, long spacingUs, long arrivalSpacingUs, int first = 0)
    {
        for (int i = 0; i < count; i++)
        {
            probe.OnSent(first + i, PacketBytes, i * spacingUs);
        }

        for (int i = 0; i < count; i++)
        {
            probe.OnReceived(first + i, PacketBytes, 50_000 + i * arrivalSpacingUs);
        }
    }
}
