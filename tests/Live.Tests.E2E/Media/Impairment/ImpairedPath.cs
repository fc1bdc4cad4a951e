using System.Diagnostics;

namespace Live.Tests.E2E.Media.Impairment;

/// <summary>
/// One direction of the <see cref="ImpairmentRelay"/>: random loss, then a byte-bounded queue drained by a token
/// bucket, then a delay line (fixed delay plus jitter, order kept). Thread safe: the receive loop offers datagrams,
/// the pump thread releases them.
/// </summary>
internal sealed class ImpairedPath
{
    /// <summary>Datagrams the delay line holds at most; beyond that they are dropped and counted.</summary>
    public const int MaxDelayLinePackets = 20_000;

    private readonly object gate = new();
    private readonly Queue<byte[]> waiting = new();
    private readonly Queue<(long DueTicks, byte[] Data)> delayLine = new();
    private ImpairmentSettings settings = ImpairmentSettings.None;
    private Random random = new(1);
    private int waitingBytes;
    private double tokens;
    private long lastRefillTicks = Stopwatch.GetTimestamp();
    private long lastDueTicks;
    private long received;
    private long forwarded;
    private long forwardedBytes;
    private long droppedLoss;
    private long droppedQueueFull;
    private long droppedOther;

    public void Configure(ImpairmentSettings value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.RateBps < 0 || value.BucketBytes <= 0 || value.QueueLimitBytes <= 0 || value.LossPercent is < 0 or > 100
            || value.Delay < TimeSpan.Zero || value.Jitter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Rates, sizes, loss and delays must be non-negative (bucket and queue positive, loss ≤ 100).");
        }

        lock (gate)
        {
            settings = value;
            random = new Random(value.Seed);
            tokens = Math.Min(tokens, value.BucketBytes);
        }
    }

    public void CountDroppedOther()
    {
        lock (gate)
        {
            received++;
            droppedOther++;
        }
    }

    /// <summary>A datagram arrived: lose it, queue it, or drop it when the queue is full.</summary>
    public void Offer(byte[] datagram)
    {
        lock (gate)
        {
            received++;
            if (random.NextDouble() * 100 < settings.LossPercent)
            {
                droppedLoss++;
                return;
            }

            if (waitingBytes + datagram.Length > settings.QueueLimitBytes)
            {
                droppedQueueFull++;
                return;
            }

            waiting.Enqueue(datagram);
            waitingBytes += datagram.Length;
        }
    }

    /// <summary>Moves datagrams the tokens allow into the delay line and sends those that are due. Returns how many were sent.</summary>
    public int Pump(Action<byte[]> send)
    {
        var due = new List<byte[]>();
        lock (gate)
        {
            long now = Stopwatch.GetTimestamp();
            Refill(now);
            while (waiting.Count > 0 && (settings.RateBps == 0 || tokens >= waiting.Peek().Length))
            {
                byte[] datagram = waiting.Dequeue();
                waitingBytes -= datagram.Length;
                if (settings.RateBps != 0)
                {
                    tokens -= datagram.Length;
                }

                if (delayLine.Count >= MaxDelayLinePackets)
                {
                    droppedOther++;
                    continue;
                }

                double jitter = settings.Jitter.Ticks == 0 ? 0 : (random.NextDouble() * 2 - 1) * settings.Jitter.TotalSeconds;
                long dueTicks = now + (long)(Math.Max(0, settings.Delay.TotalSeconds + jitter) * Stopwatch.Frequency);
                lastDueTicks = Math.Max(lastDueTicks, dueTicks);
                delayLine.Enqueue((lastDueTicks, datagram));
            }

            if (waiting.Count == 0)
            {
                tokens = Math.Min(settings.BucketBytes, tokens);
            }

            while (delayLine.Count > 0 && delayLine.Peek().DueTicks <= now)
            {
                byte[] datagram = delayLine.Dequeue().Data;
                forwarded++;
                forwardedBytes += datagram.Length;
                due.Add(datagram);
            }
        }

        foreach (byte[] datagram in due)
        {
            send(datagram);
        }

        return due.Count;
    }

    public RelayCounters Snapshot()
    {
        lock (gate)
        {
            return new RelayCounters(received, forwarded, forwardedBytes, droppedLoss, droppedQueueFull, droppedOther);
        }
    }

    private void Refill(long now)
    {
        if (settings.RateBps > 0)
        {
            double seconds = (now - lastRefillTicks) / (double)Stopwatch.Frequency;
            // While datagrams wait, the link is busy: tokens that accrued while this thread was descheduled still
            // count, so a loaded machine does not lower the rate. Idle, the bucket holds at most BucketBytes.
            tokens += seconds * settings.RateBps / 8;
            if (waiting.Count == 0)
            {
                tokens = Math.Min(settings.BucketBytes, tokens);
            }
        }

        lastRefillTicks = now;
    }
}
