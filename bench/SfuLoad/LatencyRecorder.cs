namespace Live.SfuLoad;

/// <summary>Latency samples in microseconds, recorded on the receive loop while the measured window is open.</summary>
public sealed class LatencyRecorder
{
    private readonly long[] _samples = new long[1 << 20];
    private int _count;

    public volatile bool Recording;

    public int Count => Math.Min(_count, _samples.Length);

    public void Add(long microseconds)
    {
        if (!Recording) return;
        int slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _samples.Length) _samples[slot] = microseconds;
    }

    public double Percentile(double p)
    {
        int n = Count;
        if (n == 0) return double.NaN;
        var sorted = _samples.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * n) - 1, 0, n - 1)];
    }
}
