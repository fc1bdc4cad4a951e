namespace Live.Media.Simulcast;

/// <summary>
/// The received rate of one simulcast layer, over fixed windows: bytes are summed in the router's packet lane and the rate of
/// the last complete window is published. A layer the publisher stopped sending (libwebrtc turns top layers off when
/// its own estimate drops) reads 0 once two windows passed without a packet. Allocation free.
/// </summary>
public sealed class LayerBitrateMeter
{
    private readonly long _windowTicks;
    private readonly long _timestampFrequency;
    private long _windowStart;
    private long _bytes;
    private long _bitsPerSecond;
    private long _lastPacket;

    /// <param name="window">Length of one measuring window.</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps passed in.</param>
    public LayerBitrateMeter(TimeSpan window, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _timestampFrequency = timestampFrequency;
        _windowTicks = Math.Max(1, (long)(window.TotalSeconds * timestampFrequency));
    }

    /// <summary>Counts one packet of <paramref name="bytes"/> received at <paramref name="now"/>; the router's packet lane.</summary>
    public void Add(int bytes, long now)
    {
        if (_windowStart == 0)
        {
            _windowStart = now;
        }

        _bytes += bytes;
        Volatile.Write(ref _lastPacket, now);
        long elapsed = now - _windowStart;
        if (elapsed >= _windowTicks)
        {
            Volatile.Write(ref _bitsPerSecond, _bytes * 8 * _timestampFrequency / elapsed);
            _bytes = 0;
            _windowStart = now;
        }
    }

    /// <summary>The rate of the last complete window in bits/s, or 0 when nothing arrived for two windows before <paramref name="now"/>.</summary>
    public long BitsPerSecond(long now) => IsSilent(now) ? 0 : Volatile.Read(ref _bitsPerSecond);

    /// <summary>True when nothing arrived in the two windows before <paramref name="now"/> (or ever).</summary>
    public bool IsSilent(long now)
    {
        long last = Volatile.Read(ref _lastPacket);
        return last == 0 || now - last > 2 * _windowTicks;
    }
}
