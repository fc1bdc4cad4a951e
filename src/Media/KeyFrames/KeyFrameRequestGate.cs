namespace Live.Media.KeyFrames;

/// <summary>
/// Decides when the SFU asks a publisher for a keyframe of one stream. However many subscribers ask, at most one
/// request leaves per <c>minInterval</c>: a request while one is outstanding (sent, keyframe not yet seen) is served by
/// that keyframe; a request inside the interval after a keyframe is deferred to the interval's end, then sent once for
/// all who asked. Independently, a cadence asks on a fixed clock, every <c>cadence</c> from the gate's creation: it runs
/// whether or not anyone subscribes, and its ticks do not move with keyframe arrival times (which load could shift), so
/// subscribers that must not be noticed (hidden observers) are served by it without changing anything the publisher can
/// count. A tick is skipped only when a request left less than <c>minInterval</c> before it. Lock-free: the receive
/// thread and timers call it concurrently.
/// </summary>
public sealed class KeyFrameRequestGate
{
    private const long Never = long.MinValue;

    private readonly long _minIntervalTicks;
    private readonly long _cadenceTicks;
    private long _nextTick;
    private long _lastRequest = Never;
    private long _lastKeyFrame = Never;
    private int _deferred;

    /// <param name="minInterval">Least time between two requests sent upstream.</param>
    /// <param name="cadence">Period of the gate's own requests, on a fixed clock from <paramref name="now"/>; zero: never.</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps passed in (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    /// <param name="now">The gate's creation time: the cadence's clock starts there.</param>
    public KeyFrameRequestGate(TimeSpan minInterval, TimeSpan cadence, long timestampFrequency, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cadence, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _minIntervalTicks = (long)(minInterval.TotalSeconds * timestampFrequency);
        _cadenceTicks = (long)(cadence.TotalSeconds * timestampFrequency);
        _nextTick = now + _cadenceTicks;
    }

    /// <summary>True while a request is deferred to the end of the current interval.</summary>
    public bool IsDeferred => Volatile.Read(ref _deferred) != 0;

    /// <summary>
    /// A subscriber (or the recorder) needs a keyframe. True: the caller sends one request upstream now. False: a request
    /// is outstanding, or one is now deferred and <see cref="Poll"/> will say when to send it.
    /// </summary>
    public bool TryRequest(long now)
    {
        long last = Interlocked.Read(ref _lastRequest);
        if (last == Never || now - last >= _minIntervalTicks)
        {
            if (Interlocked.CompareExchange(ref _lastRequest, now, last) == last)
            {
                Volatile.Write(ref _deferred, 0);
                return true;
            }

            return false; // another thread sent one this instant: its keyframe serves this caller too
        }

        long keyFrame = Interlocked.Read(ref _lastKeyFrame);
        if (keyFrame == Never || keyFrame < last)
        {
            return false; // outstanding: the keyframe asked for has not arrived yet and will serve this caller
        }

        Volatile.Write(ref _deferred, 1);
        return false;
    }

    /// <summary>The first packet of a keyframe arrived from the publisher.</summary>
    public void OnKeyFrame(long now) => Interlocked.Exchange(ref _lastKeyFrame, now);

    /// <summary>
    /// Called often (on each packet the publisher sends): whether a request is due now, because a deferred one's interval
    /// has passed or the cadence ran out. When it returns other than <see cref="KeyFrameRequestReason.None"/> the
    /// caller sends one request upstream.
    /// </summary>
    public KeyFrameRequestReason Poll(long now)
    {
        long last = Interlocked.Read(ref _lastRequest);
        if (Volatile.Read(ref _deferred) != 0 && (last == Never || now - last >= _minIntervalTicks))
        {
            if (Interlocked.CompareExchange(ref _lastRequest, now, last) == last)
            {
                Volatile.Write(ref _deferred, 0);
                return KeyFrameRequestReason.Deferred;
            }

            return KeyFrameRequestReason.None;
        }

        if (_cadenceTicks == 0)
        {
            return KeyFrameRequestReason.None;
        }

        long tick = Interlocked.Read(ref _nextTick);
        if (now - tick < 0)
        {
            return KeyFrameRequestReason.None;
        }

        // Ticks missed while the publisher sent nothing are not made up: the next one is the first after now.
        long next = tick + ((now - tick) / _cadenceTicks + 1) * _cadenceTicks;
        if (Interlocked.CompareExchange(ref _nextTick, next, tick) != tick)
        {
            return KeyFrameRequestReason.None; // another thread took this tick
        }

        if (last != Never && now - last < _minIntervalTicks)
        {
            return KeyFrameRequestReason.None; // a request just left: its keyframe serves this tick
        }

        return Interlocked.CompareExchange(ref _lastRequest, now, last) == last ? KeyFrameRequestReason.Cadence : KeyFrameRequestReason.None;
    }
}
