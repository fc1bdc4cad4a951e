namespace Live.Tests.E2E.Media.Impairment;

/// <summary>
/// What the <see cref="ImpairmentRelay"/> does to one direction of traffic: a token-bucket rate limit, a bounded
/// queue in front of it (tail drop), random loss, and a fixed delay plus uniform jitter after it.
/// </summary>
public sealed record ImpairmentSettings
{
    /// <summary>No impairment: unlimited rate, no loss, no delay.</summary>
    public static readonly ImpairmentSettings None = new();

    /// <summary>Token refill rate in bits per second; 0 = unlimited.</summary>
    public long RateBps { get; init; }

    /// <summary>Token bucket size in bytes: the largest burst that leaves at line rate after an idle period.</summary>
    public int BucketBytes { get; init; } = 10_000;

    /// <summary>Bytes that may wait for tokens; a datagram that does not fit is dropped (tail drop).</summary>
    public int QueueLimitBytes { get; init; } = 64 * 1024;

    /// <summary>Random loss, 0–100 %, applied before the queue.</summary>
    public double LossPercent { get; init; }

    /// <summary>Fixed one-way delay added after the rate limit.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Uniform jitter ±this much around <see cref="Delay"/> (order is kept: a datagram never overtakes the previous one).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Seed of the loss and jitter draws, so a run can be repeated.</summary>
    public int Seed { get; init; } = 1;
}
