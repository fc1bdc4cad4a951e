using Live.Media.Bwe;
using Live.Tests.Unit.Media.Bwe.Simulation;
using Xunit.Abstractions;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>
/// The estimator against the recorded-style feedback traces in TestData/bwe (open loop: the sender did not follow the
/// estimate; feedback every 50 ms, 25 ms back to the sender, serialized and parsed as on the wire).
/// </summary>
public sealed class TraceReplayEstimatorTests(ITestOutputHelper output)
{
    private const long Second = 1_000_000;

    [Fact]
    public void Steady_TwoMbpsLink_EstimateWithin25PercentOfCapacity()
    {
        BweSimulation sim = Replay("steady_2mbps", 1_000_000);

        List<long> targets = sim.Between(4 * Second, 20 * Second).Select(s => s.TargetBps).ToList();
        output.WriteLine($"4–20 s: min {targets.Min()} max {targets.Max()}; overuse seen: {sim.Samples.Count(s => s.Usage == BandwidthUsage.Overusing)} samples");
        Assert.Contains(sim.Samples, s => s.Usage == BandwidthUsage.Overusing);
        Assert.All(targets, t => Assert.InRange(t, 1_500_000, 2_500_000));
    }

    [Fact]
    public void StepDown_To500k_EstimateBelow600kWithin3Seconds()
    {
        BweSimulation sim = Replay("step_down_2m_500k", 1_000_000);

        long before = sim.Samples.Last(s => s.TimeUs < 10 * Second).TargetBps;
        long below = sim.FirstTime(10 * Second, s => s.TargetBps < 600_000);
        output.WriteLine($"before {before}; <600k after {(below - 10 * Second) / 1000} ms");
        Assert.True(before > 1_500_000, $"the estimate was {before} before the step");
        Assert.InRange(below - 10 * Second, 0, 3 * Second);
    }

    [Fact]
    public void StepUp_To2M_EstimateAbove1500kWithin15Seconds()
    {
        BweSimulation sim = Replay("step_up_500k_2m", 300_000);

        long before = sim.Between(5 * Second, 10 * Second).Max(s => s.TargetBps);
        long above = sim.FirstTime(10 * Second, s => s.TargetBps > 1_500_000);
        output.WriteLine($"5–10 s max {before}; >1.5M after {(above - 10 * Second) / 1000} ms");
        Assert.True(before < 800_000, $"the estimate reached {before} before the step");
        Assert.InRange(above - 10 * Second, 0, 15 * Second);
    }

    [Fact]
    public void LossBurst_TwentyPercent_LossBasedDecrease()
    {
        BweSimulation sim = Replay("loss_burst_20pct", 1_000_000);

        EstimateSample before = sim.Samples.Last(s => s.TimeUs <= 10 * Second);
        EstimateSample after = sim.Samples.Last(s => s.TimeUs <= 15 * Second + 500_000);
        output.WriteLine($"at 10 s {before}; at 15.5 s {after}");
        Assert.True(before.TargetBps >= 1_500_000, $"the estimate was {before.TargetBps} before the burst");
        Assert.True(after.TargetBps < 0.8 * before.TargetBps, $"target went from {before.TargetBps} to {after.TargetBps}");
        Assert.Equal(after.LossBasedBps, after.TargetBps);
        Assert.True(after.DelayBasedBps > after.TargetBps, "the delay-based estimate should not be what fell");
    }

    [Fact]
    public void RandomLoss_OnePercent_NoCollapse()
    {
        BweSimulation sim = Replay("random_loss_1pct", 1_000_000);

        List<long> targets = sim.Samples.Select(s => s.TargetBps).ToList();
        long reached = sim.FirstTime(0, s => s.TargetBps >= 1_500_000);
        output.WriteLine($"lost {sim.Estimator.LostPackets} of {sim.Rows.Count}; min {targets.Min()}; ≥1.5M from {reached / 1000} ms, then min {sim.Between(reached, 20 * Second).Min(s => s.TargetBps)}");
        Assert.True(sim.Estimator.LostPackets > sim.Rows.Count / 200, "the trace lost almost nothing");
        Assert.All(targets, t => Assert.True(t >= 1_000_000, $"target fell to {t} (started at 1 Mbit/s)"));
        Assert.InRange(reached, 1, 10 * Second);
        Assert.All(sim.Between(reached, 20 * Second), s => Assert.True(s.TargetBps >= 1_400_000, $"target fell to {s.TargetBps} at {s.TimeUs / 1000} ms"));
    }

    private static BweSimulation Replay(string name, long startBps)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "bwe", name + ".csv"));
        var simulation = new BweSimulation(new SendSideEstimator(startBps), BweTraceScenarios.PropagationUs);
        simulation.Replay(BweTrace.Read(text));
        return simulation;
    }
}
