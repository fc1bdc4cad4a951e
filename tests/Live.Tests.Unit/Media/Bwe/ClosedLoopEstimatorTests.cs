using Live.Media.Bwe;
using Live.Tests.Unit.Media.Bwe.Simulation;
using Xunit.Abstractions;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>
/// The estimator drives the encoder's rate (through the pacer) over a simulated bottleneck with a 100 KB FIFO and
/// 50 ms RTT: the closed loop a subscriber's link would see. Each test checks what the GCC draft promises for one kind
/// of link change, and first shows the estimate was elsewhere before the change.
/// </summary>
public sealed class ClosedLoopEstimatorTests(ITestOutputHelper output)
{
    private const long Second = 1_000_000;
    private const long PropagationUs = 25_000;
    private const int QueueLimitBytes = 100_000;

    [Fact]
    public void SteadyLink_TwoMbps_ConvergesWithin25PercentAndHolds()
    {
        BweSimulation sim = Run(_ => 2_000_000, 60 * Second, startBps: 1_000_000);

        long converged = sim.FirstTime(0, s => s.TargetBps >= 1_500_000);
        List<long> after = sim.Between(15 * Second, 60 * Second).Select(s => s.TargetBps).ToList();
        output.WriteLine($"≥1.5M at {converged / 1000} ms; 15–60 s: min {after.Min()} max {after.Max()} mean {after.Average():F0}");
        Assert.InRange(converged, 1, 15 * Second);
        Assert.All(after, t => Assert.InRange(t, 1_500_000, 2_500_000));
        Assert.True(after.Max() < 1.4 * after.Min(), $"oscillates between {after.Min()} and {after.Max()}");
    }

    [Fact]
    public void StepDown_TwoMbpsToHalfMbps_EstimateBelow600kWithin3Seconds()
    {
        const long step = 30 * Second;
        BweSimulation sim = Run(t => t < step ? 2_000_000 : 500_000, 50 * Second, startBps: 1_000_000);

        long before = sim.Samples.Last(s => s.TimeUs < step).TargetBps;
        long below = sim.FirstTime(step, s => s.TargetBps < 600_000);
        List<long> settled = sim.Between(step + 5 * Second, 50 * Second).Select(s => s.TargetBps).ToList();
        output.WriteLine($"before {before}; <600k after {(below - step) / 1000} ms; settled min {settled.Min()} max {settled.Max()}");
        Assert.True(before > 1_500_000, $"the estimate was {before} before the step");
        Assert.InRange(below - step, 0, 3 * Second);
        Assert.All(settled, t => Assert.InRange(t, 300_000, 700_000));
    }

    [Fact]
    public void StepUp_HalfMbpsToTwoMbps_EstimateAbove1500kWithin20Seconds()
    {
        const long step = 20 * Second;
        BweSimulation sim = Run(t => t < step ? 500_000 : 2_000_000, 50 * Second, startBps: 300_000);

        List<long> before = sim.Between(10 * Second, step).Select(s => s.TargetBps).ToList();
        long above = sim.FirstTime(step, s => s.TargetBps > 1_500_000);
        output.WriteLine($"10–20 s: max {before.Max()}; >1.5M after {(above - step) / 1000} ms");
        Assert.True(before.Max() < 700_000, $"the estimate reached {before.Max()} before the step");
        Assert.InRange(above - step, 0, 20 * Second);
    }

    [Fact]
    public void LossBurst_TwentyPercent_LossBasedDecreaseThenRecovery()
    {
        const long burstStart = 30 * Second;
        const long burstEnd = 40 * Second;
        BweSimulation sim = Run(_ => 2_000_000, 70 * Second, startBps: 1_000_000, bursts: [new LossBurst(burstStart, burstEnd, 0.20)]);

        long before = sim.Samples.Last(s => s.TimeUs < burstStart).TargetBps;
        EstimateSample atEnd = sim.Samples.Last(s => s.TimeUs <= burstEnd);
        long recovered = sim.FirstTime(burstEnd, s => s.TargetBps >= 0.8 * before);
        output.WriteLine($"before {before}; at burst end target {atEnd.TargetBps} loss-based {atEnd.LossBasedBps} delay-based {atEnd.DelayBasedBps}; back to 80 % after {(recovered - burstEnd) / 1000} ms");
        Assert.True(before > 1_500_000, $"the estimate was {before} before the burst");
        Assert.True(atEnd.TargetBps < 0.6 * before, $"20 % loss for 10 s left the target at {atEnd.TargetBps} (was {before})");
        Assert.Equal(atEnd.LossBasedBps, atEnd.TargetBps);
        Assert.InRange(recovered - burstEnd, 0, 20 * Second);
    }

    [Fact]
    public void RandomLoss_OnePercent_NoCollapse()
    {
        BweSimulation sim = Run(_ => 2_000_000, 60 * Second, startBps: 1_000_000, randomLoss: 0.01);

        List<long> after = sim.Between(15 * Second, 60 * Second).Select(s => s.TargetBps).ToList();
        output.WriteLine($"lost {sim.Estimator.LostPackets} of {sim.Rows.Count}; 15–60 s: min {after.Min()} max {after.Max()}");
        Assert.True(sim.Estimator.LostPackets > sim.Rows.Count / 200, "the link lost almost nothing");
        Assert.All(after, t => Assert.InRange(t, 1_400_000, 2_500_000));
    }

    private static BweSimulation Run(Func<long, long> capacity, long durationUs, long startBps, double randomLoss = 0, IReadOnlyList<LossBurst>? bursts = null)
    {
        var link = new BottleneckLink(capacity, PropagationUs, QueueLimitBytes, randomLoss, seed: 7, bursts);
        var simulation = new BweSimulation(new SendSideEstimator(startBps), PropagationUs);
        simulation.RunSender(link, durationUs, (_, target) => target);
        return simulation;
    }
}
