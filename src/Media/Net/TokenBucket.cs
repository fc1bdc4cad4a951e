namespace Live.Media.Net;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: it holds at most <c>capacity</c> tokens, starts full, gains one
/// every <c>refillInterval</c>, and <see cref="TryTake"/> spends one. Thread-safe (the UDP receive thread and TCP
/// connection readers may share one) and allocation-free; meant for rare events such as error replies, not per packet.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly long _refillTicks; // the refill interval in the provider's timestamp units
    private readonly Lock _lock = new();
    private int _tokens;
    private long _lastRefill;

    public TokenBucket(TimeProvider time, int capacity, TimeSpan refillInterval)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillInterval, TimeSpan.Zero);
        _time = time;
        _capacity = capacity;
        _refillTicks = Math.Max(1, (long)(refillInterval.TotalSeconds * time.TimestampFrequency));
        _tokens = capacity;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Spends a token: true when one was left, false (and nothing spent) when the bucket is empty.</summary>
    public bool TryTake()
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            long periods = (now - _lastRefill) / _refillTicks;
            if (periods > 0)
            {
                if (periods >= _capacity - _tokens)
                {
                    // Full: time spent full is not banked, so a burst never exceeds the capacity.
                    _tokens = _capacity;
                    _lastRefill = now;
                }
                else
                {
                    _tokens += (int)periods;
                    _lastRefill += periods * _refillTicks;
                }
            }

            if (_tokens == 0)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
