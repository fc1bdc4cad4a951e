using Live.Media.Bwe;

namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// The generator of the committed feedback traces (TestData/bwe/*.csv): an open-loop sender (30 frame/s encoder,
/// keyframes, the <see cref="Pacer"/> at 2.5× its rate) through a <see cref="BottleneckLink"/>, recorded packet by
/// packet. Deterministic: the same code gives the same bytes, which <c>BweTraceFileTests</c> checks.
/// Regenerate with <c>BWE_WRITE_TRACES=1 dotnet test --filter BweTraceFileTests</c>.
/// </summary>
internal static class BweTraceScenarios
{
    public const long Second = 1_000_000;
    public const long PropagationUs = 25_000;

    public static readonly IReadOnlyList<Scenario> All =
    [
        new(
            "steady_2mbps",
            "Link 2 Mbit/s, 25 ms one way, 150 KB FIFO. Sender alternates 2.4 and 1.6 Mbit/s every 2 s (a queue builds and drains), 20 s.",
            () => Record(_ => 2_000_000, Alternating, 150_000, 0, [], 20 * Second)),
        new(
            "step_down_2m_500k",
            "Link 2 Mbit/s, 500 kbit/s from 10 s, 25 ms one way, 150 KB FIFO. Sender alternates 2.4 and 1.6 Mbit/s (does not adapt), 20 s.",
            () => Record(t => t < 10 * Second ? 2_000_000 : 500_000, Alternating, 150_000, 0, [], 20 * Second)),
        new(
            "step_up_500k_2m",
            "Link 500 kbit/s, 2 Mbit/s from 10 s, 25 ms one way, 150 KB FIFO. Sender 600 kbit/s, then alternates 2.4 and 1.6 Mbit/s from 10 s, 30 s.",
            () => Record(t => t < 10 * Second ? 500_000 : 2_000_000, t => t < 10 * Second ? 600_000 : Alternating(t), 150_000, 0, [], 30 * Second)),
        new(
            "loss_burst_20pct",
            "Link 3 Mbit/s, 25 ms one way, 150 KB FIFO, 20 % random loss from 10 s to 15 s. Sender 1.5 Mbit/s, 25 s.",
            () => Record(_ => 3_000_000, _ => 1_500_000, 150_000, 0, [new LossBurst(10 * Second, 15 * Second, 0.20)], 25 * Second)),
        new(
            "random_loss_1pct",
            "Link 3 Mbit/s, 25 ms one way, 150 KB FIFO, 1 % random loss throughout. Sender 1.5 Mbit/s, 20 s.",
            () => Record(_ => 3_000_000, _ => 1_500_000, 150_000, 0.01, [], 20 * Second)),
    ];

    public static string FileName(Scenario scenario) => scenario.Name + ".csv";

    private static long Alternating(long t) => t / (2 * Second) % 2 == 0 ? 2_400_000 : 1_600_000;

    private static List<TraceRow> Record(Func<long, long> capacity, Func<long, long> sendRate, int queueLimitBytes, double randomLoss, IReadOnlyList<LossBurst> bursts, long durationUs)
    {
        var link = new BottleneckLink(capacity, PropagationUs, queueLimitBytes, randomLoss, seed: 11, bursts);
        var simulation = new BweSimulation(new SendSideEstimator(), PropagationUs);
        simulation.RunSender(link, durationUs, (t, _) => sendRate(t));
        return simulation.Rows;
    }

    /// <summary>One trace: its file name stem, the comment written at its top, and how to generate it.</summary>
    public sealed record Scenario(string Name, string Description, Func<List<TraceRow>> Generate);
}
