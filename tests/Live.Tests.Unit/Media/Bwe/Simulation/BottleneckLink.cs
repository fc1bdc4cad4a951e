namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// A deterministic bottleneck: one FIFO queue drained at a capacity that may change over time, a propagation delay,
/// tail drop when the queue holds more than its limit, random loss and scheduled loss bursts (seeded).
/// arrival = max(send, previous departure) + size·8/C + propagation.
/// </summary>
internal sealed class BottleneckLink
{
    private readonly Func<long, long> capacityBpsAt;
    private readonly long propagationUs;
    private readonly int queueLimitBytes;
    private readonly double randomLoss;
    private readonly IReadOnlyList<LossBurst> bursts;
    private readonly Random random;
    private long lastDepartureUs;

    public BottleneckLink(Func<long, long> capacityBpsAt, long propagationUs, int queueLimitBytes, double randomLoss = 0, int seed = 1, IReadOnlyList<LossBurst>? bursts = null)
    {
        this.capacityBpsAt = capacityBpsAt;
        this.propagationUs = propagationUs;
        this.queueLimitBytes = queueLimitBytes;
        this.randomLoss = randomLoss;
        this.bursts = bursts ?? [];
        random = new Random(seed);
    }

    public long QueueDrops { get; private set; }

    public long RandomDrops { get; private set; }

    public long Delivered { get; private set; }

    /// <summary>Bytes waiting in the queue when a packet is offered at <paramref name="nowUs"/>.</summary>
    public long QueuedBytesAt(long nowUs) => Math.Max(0, lastDepartureUs - nowUs) * capacityBpsAt(nowUs) / 8 / 1_000_000;

    /// <summary>Offers a packet at <paramref name="sendUs"/>; returns its arrival time, or -1 when it is lost.</summary>
    public long Transmit(long sendUs, int sizeBytes)
    {
        double loss = randomLoss;
        foreach (LossBurst burst in bursts)
        {
            if (sendUs >= burst.StartUs && sendUs < burst.EndUs)
            {
                loss = Math.Max(loss, burst.Loss);
            }
        }

        // Draw for every packet so the random sequence does not depend on queue state.
        bool randomlyLost = random.NextDouble() < loss;
        if (QueuedBytesAt(sendUs) + sizeBytes > queueLimitBytes)
        {
            QueueDrops++;
            return -1;
        }

        if (randomlyLost)
        {
            RandomDrops++;
            return -1;
        }

        long start = Math.Max(sendUs, lastDepartureUs);
        lastDepartureUs = start + sizeBytes * 8L * 1_000_000 / capacityBpsAt(start);
        Delivered++;
        return lastDepartureUs + propagationUs;
    }
}

/// <summary>A period with a given random loss fraction.</summary>
internal readonly record struct LossBurst(long StartUs, long EndUs, double Loss);
