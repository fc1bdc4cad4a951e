using Live.Media.Bwe;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>AIMD and loss-based controllers and the acknowledged bitrate, against the rules of draft-ietf-rmcat-gcc-02 §5.5 and §6.</summary>
public sealed class RateControllerTests
{
    [Fact]
    public void Aimd_Overuse_DecreasesTo85PercentOfReceivedRate()
    {
        var aimd = new AimdRateController(2_000_000, 50_000, 10_000_000);
        aimd.Update(BandwidthUsage.Normal, 1_800_000, 0);
        Assert.Equal(1_530_000, aimd.Update(BandwidthUsage.Overusing, 1_800_000, 100_000));
        Assert.Equal(RateControlState.Hold, aimd.State);
    }

    [Fact]
    public void Aimd_NormalForOneSecond_IncreasesAtMost8Percent()
    {
        var aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        long t = 0;
        aimd.Update(BandwidthUsage.Normal, 1_000_000, t);
        for (int i = 0; i < 20; i++)
        {
            aimd.Update(BandwidthUsage.Normal, 1_000_000, t += 50_000);
        }

        Assert.InRange(aimd.EstimateBps, 1_070_000, 1_080_001);
    }

    [Fact]
    public void Aimd_Underuse_HoldsAndCapAt1Point5TimesReceivedRate()
    {
        var aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.Update(BandwidthUsage.Normal, 500_000, 0);
        Assert.Equal(1_000_000, aimd.Update(BandwidthUsage.Underusing, 500_000, 500_000));
        Assert.Equal(RateControlState.Hold, aimd.State);

        var capped = new AimdRateController(700_000, 50_000, 10_000_000);
        long t = 0;
        for (int i = 0; i < 100; i++)
        {
            capped.Update(BandwidthUsage.Normal, 500_000, t += 100_000);
        }

        Assert.Equal(760_000, capped.EstimateBps); // 1.5 × 500 k + 10 k
    }

    [Fact]
    public void Aimd_AfterCongestionNearSameRate_IncreasesAdditively()
    {
        var aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        long t = 0;
        aimd.Update(BandwidthUsage.Normal, 1_000_000, t);
        aimd.Update(BandwidthUsage.Overusing, 1_000_000, t += 100_000); // congestion at 1 Mbit/s → 850 k
        aimd.Update(BandwidthUsage.Normal, 850_000, t += 100_000);
        long before = aimd.EstimateBps;
        for (int i = 0; i < 10; i++)
        {
            aimd.Update(BandwidthUsage.Normal, 950_000, t += 100_000);
        }

        Assert.True(aimd.NearConvergence);
        Assert.InRange(aimd.EstimateBps - before, 1, 40_000); // about half a packet per response time, not 8 %
    }

    [Theory]
    [InlineData(0.20, 900_000)] // > 10 %: × (1 − 0.5 · 0.2)
    [InlineData(0.05, 1_000_000)] // 2–10 %: hold
    [InlineData(0.01, 1_200_000)] // < 2 %: × 1.05, and at least 1.2 × target so low loss never holds the target back
    public void LossBased_ByLossFraction_DecreaseHoldIncrease(double loss, long expected)
    {
        var controller = new LossBasedController(1_000_000, 50_000, 10_000_000);
        Assert.Equal(expected, controller.Update(loss, 1_000_000));
    }

    [Fact]
    public void LossBased_HighLossWhileDelayBasedLimits_CutsFromTheTarget()
    {
        var controller = new LossBasedController(3_000_000, 50_000, 10_000_000);
        Assert.Equal(800_000, controller.Update(0.4, 1_000_000));
    }

    [Fact]
    public void AcknowledgedBitrate_OneMbps_MeasuresOneMbpsAfterAWindow()
    {
        var acked = new AcknowledgedBitrateEstimator();
        long t = 0;
        for (int i = 0; i < 50; i++)
        {
            acked.Add(t += 9_600, 1200); // 1200 bytes every 9.6 ms = 1 Mbit/s
        }

        Assert.Equal(0, acked.BitrateBps); // less than a window seen
        for (int i = 0; i < 200; i++)
        {
            acked.Add(t += 9_600, 1200);
        }

        Assert.InRange(acked.BitrateBps, 980_000, 1_020_000);
    }
}
