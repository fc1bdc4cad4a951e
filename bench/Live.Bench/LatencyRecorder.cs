using System.Diagnostics;

namespace Live.Bench;

/// <summary>Latency samples in microseconds, bounded in count (samples beyond the capacity are counted, not kept).</summary>
public sealed class LatencyRecorder(int capacity = 4_000_000)
{
    private readonly int[] _micros = new int[capacity];
    private int _count;

    public int Count => Math.Min(_count, _micros.Length);

    /// <summary>Records the time from <paramref name="sentTimestamp"/> to <paramref name="receivedTimestamp"/> (Stopwatch ticks).</summary>
    public void Add(long sentTimestamp, long receivedTimestamp)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i >= _micros.Length) return;
        var micros = (receivedTimestamp - sentTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _micros[i] = (int)Math.Clamp(micros, 0, int.MaxValue);
    }

    /// <summary>p50, p95 and p99 in milliseconds (NaN without samples).</summary>
    public (double P50, double P95, double P99) Percentiles()
    {
        var n = Count;
        if (n == 0) return (double.NaN, double.NaN, double.NaN);
        var sorted = _micros.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double At(double q) => sorted[Math.Min(n - 1, (int)Math.Ceiling(q * n) - 1)] / 1000.0;
        return (At(0.50), At(0.95), At(0.99));
    }
}
