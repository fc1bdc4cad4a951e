namespace Live.Media.Recording;

/// <summary>
/// The session clock of one recording (ms since the session went live) and its pause state, shared by every
/// <see cref="TrackRecorder"/> of the session so all tracks pause and resume together. Pause and resume may be called
/// from any thread; the packet path only reads.
/// </summary>
public sealed class RecordingClock
{
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly long _startMs;
    private readonly Lock _gate = new();
    private readonly List<RecordingPause> _pauses = [];
    private volatile bool _isPaused;
    private volatile int _pauseCount;

    /// <summary>
    /// Starts the clock now, reading <paramref name="sessionClockNowMs"/> (the session clock when recording starts, so
    /// segments and pauses are stamped on the session timeline) and advancing on <paramref name="time"/>.
    /// </summary>
    public RecordingClock(TimeProvider? time = null, long sessionClockNowMs = 0)
    {
        _time = time ?? TimeProvider.System;
        _startTimestamp = _time.GetTimestamp();
        _startMs = sessionClockNowMs;
    }

    /// <summary>The session clock in milliseconds, pauses included.</summary>
    public long NowMs => _startMs + (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    /// <summary>True between <see cref="Pause"/> and <see cref="Resume"/>.</summary>
    public bool IsPaused => _isPaused;

    /// <summary>
    /// Milliseconds recorded so far: session time since the start minus every pause. Each track places the start of a
    /// stretch here, so a video track that waits for a keyframe still lines up with the audio and with the session clock.
    /// </summary>
    public long RecordedMs
    {
        get
        {
            lock (_gate)
            {
                long now = NowMs;
                long paused = 0;
                foreach (var pause in _pauses) paused += (pause.ResumedAtMs ?? now) - pause.PausedAtMs;
                return Math.Max(0, now - _startMs - paused);
            }
        }
    }

    /// <summary>
    /// Milliseconds recorded up to <paramref name="sessionMs"/> (a past reading of <see cref="NowMs"/>): what
    /// <see cref="RecordedMs"/> returned then, for a writer that runs behind a queue.
    /// </summary>
    public long RecordedMsAt(long sessionMs)
    {
        lock (_gate)
        {
            long paused = 0;
            foreach (var pause in _pauses)
            {
                if (pause.PausedAtMs >= sessionMs) break;
                paused += Math.Min(pause.ResumedAtMs ?? sessionMs, sessionMs) - pause.PausedAtMs;
            }

            return Math.Max(0, sessionMs - _startMs - paused);
        }
    }

    /// <summary>
    /// The clock now, without a lock (the packet path calls it per packet). <see cref="Pause"/> counts the pause before
    /// it sets the flag, so reading the count first never yields a new count without its pause: a pause racing this
    /// call at worst shows as an old count while paused, which still discards the packet.
    /// </summary>
    public RecordingInstant Now()
    {
        int pauseCount = _pauseCount;
        bool paused = _isPaused;
        return new RecordingInstant(NowMs, pauseCount, paused);
    }

    /// <summary>How many pauses have started; a track that sees it change knows its stretch ended.</summary>
    public int PauseCount => _pauseCount;

    /// <summary>A snapshot of the pauses so far, for the timeline.</summary>
    public IReadOnlyList<RecordingPause> Pauses
    {
        get
        {
            lock (_gate)
            {
                return [.. _pauses];
            }
        }
    }

    /// <summary>Pauses the recording; false when already paused.</summary>
    public bool Pause()
    {
        lock (_gate)
        {
            if (_isPaused)
            {
                return false;
            }

            _pauses.Add(new RecordingPause(NowMs, null));
            _pauseCount++;
            _isPaused = true;
            return true;
        }
    }

    /// <summary>Resumes the recording; false when it was not paused.</summary>
    public bool Resume()
    {
        lock (_gate)
        {
            if (!_isPaused)
            {
                return false;
            }

            _pauses[^1] = _pauses[^1] with { ResumedAtMs = NowMs };
            _isPaused = false;
            return true;
        }
    }
}
