namespace Live.Grains.Infrastructure;

/// <summary>A per-participant rate limit: <see cref="Capacity"/> actions at once, refilled at <see cref="RatePerSecond"/>.</summary>
public sealed class TokenBucket(double ratePerSecond, double capacity, TimeProvider clock)
{
    private double _tokens = capacity;
    private long _lastRefill = clock.GetTimestamp();

    public double RatePerSecond { get; } = ratePerSecond;
    public double Capacity { get; } = capacity;

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake()
    {
        var now = clock.GetTimestamp();
        _tokens = Math.Min(Capacity, _tokens + clock.GetElapsedTime(_lastRefill, now).TotalSeconds * RatePerSecond);
        _lastRefill = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
