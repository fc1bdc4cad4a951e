using Live.Media.Bwe;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>The delay-based parts one at a time: arrival groups, trendline, adaptive threshold, over-use detector.</summary>
public sealed class DelayBasedPartsTests
{
    [Fact]
    public void ArrivalGroups_PacketsWithin5Ms_FormOneGroupAndDeltaComparesLastPackets()
    {
        var groups = new ArrivalGroupAccumulator();
        Assert.False(groups.Add(0, 50_000, 1000, out _));
        Assert.False(groups.Add(4_000, 54_000, 1000, out _)); // within 5 ms of the group's first send
        Assert.False(groups.Add(20_000, 70_000, 500, out _)); // starts group 2; no predecessor for group 1 yet
        Assert.False(groups.Add(22_000, 73_000, 500, out _));
        Assert.True(groups.Add(40_000, 95_000, 100, out PacketGroupDelta delta)); // closes group 2

        Assert.Equal(22_000 - 4_000, delta.SendDeltaUs);
        Assert.Equal(73_000 - 54_000, delta.ArrivalDeltaUs);
        Assert.Equal(1000 - 2000, delta.SizeDeltaBytes);
        Assert.Equal(1_000, delta.DelayVariationUs);
        Assert.Equal(73_000, delta.ArrivalTimeUs);
    }

    [Fact]
    public void ArrivalGroups_BackToBackArrivalWithNegativeVariation_JoinsGroup()
    {
        var groups = new ArrivalGroupAccumulator();
        groups.Add(0, 100_000, 1200, out _);
        // Sent 10 ms later but arrives 1 ms later: queued behind the group, part of the same burst (§5.2).
        Assert.False(groups.Add(10_000, 101_000, 1200, out _));
        groups.Add(40_000, 140_000, 1200, out _);
        Assert.True(groups.Add(80_000, 180_000, 1200, out PacketGroupDelta delta));
        Assert.Equal(40_000 - 10_000, delta.SendDeltaUs);
        Assert.Equal(-1200, delta.SizeDeltaBytes);
    }

    [Fact]
    public void ArrivalGroups_DrainingQueue_BurstsCappedAt100Ms()
    {
        var groups = new ArrivalGroupAccumulator();
        int deltas = 0;
        // A draining queue delivers packets sent 10 ms apart 4.8 ms apart: each would join the burst before it, and
        // without the 100 ms cap all of them would be one group and no delay change would ever show.
        for (int i = 0; i < 300; i++)
        {
            if (groups.Add(i * 10_000L, 2_000_000 + i * 4_800L, 1200, out _))
            {
                deltas++;
            }
        }

        Assert.InRange(deltas, 8, 20);
    }

    [Fact]
    public void ArrivalGroups_PacketSentBeforeCurrentGroup_IgnoredAndCounted()
    {
        var groups = new ArrivalGroupAccumulator();
        groups.Add(100_000, 200_000, 1000, out _);
        Assert.False(groups.Add(50_000, 210_000, 1000, out _));
        Assert.Equal(1, groups.ReorderedPackets);
    }

    [Fact]
    public void Trendline_GrowingDelay_PositiveTrendAndFlatDelay_Zero()
    {
        var growing = new TrendlineEstimator();
        var flat = new TrendlineEstimator();
        for (int i = 1; i <= 60; i++)
        {
            // Groups 20 ms apart; the growing path adds 2 ms of queuing per group (slope 0.1).
            growing.Update(new PacketGroupDelta(20_000, 22_000, 0, i * 22_000L));
            flat.Update(new PacketGroupDelta(20_000, 20_000, 0, i * 20_000L));
        }

        Assert.InRange(growing.Slope, 0.07, 0.11);
        Assert.InRange(growing.ModifiedTrend, 60 * 0.07 * 4, 60 * 0.11 * 4);
        Assert.Equal(0, flat.ModifiedTrend, 6);
    }

    [Fact]
    public void AdaptiveThreshold_FollowsMagnitudeWithinBoundsAndSkipsOutliers()
    {
        var threshold = new AdaptiveThreshold();
        long t = 0;
        for (int i = 0; i < 200; i++)
        {
            threshold.Update(0, t += 20_000);
        }

        Assert.Equal(AdaptiveThreshold.MinThresholdMs, threshold.ThresholdMs);
        for (int i = 0; i < 200; i++)
        {
            threshold.Update(threshold.ThresholdMs + 10, t += 20_000);
        }

        double raised = threshold.ThresholdMs;
        Assert.True(raised > 30, $"threshold only reached {raised}");
        threshold.Update(raised + 100, t += 20_000); // more than 15 ms above: an outlier, ignored
        Assert.Equal(raised, threshold.ThresholdMs);
    }

    [Fact]
    public void OveruseDetector_AboveThresholdLongerThan10Ms_Overusing()
    {
        var detector = new OveruseDetector();
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(13, 5_000, 5_000));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(13.5, 5_000, 10_000)); // 7.5 ms over so far
        Assert.Equal(BandwidthUsage.Overusing, detector.Detect(14, 5_000, 15_000));
        Assert.Equal(BandwidthUsage.Underusing, detector.Detect(-40, 5_000, 20_000));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(0, 5_000, 25_000));
    }

    [Fact]
    public void OveruseDetector_TrendFallingWhileAbove_NotOverusing()
    {
        var detector = new OveruseDetector();
        detector.Detect(30, 5_000, 5_000);
        detector.Detect(25, 5_000, 10_000);
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 5_000, 15_000));
    }
}
