namespace Live.Media.Recording;

/// <summary>
/// Records the frames of one track into its <see cref="WebmWriter"/>, placing each by its RTP timestamp relative to
/// the first frame of the current stretch. While the <see cref="RecordingClock"/> is paused frames are discarded; after
/// a resume the file timeline continues where it stopped, so pauses leave no gap, and <see cref="GetSegments"/> maps
/// file time back to the session clock. Video restarts only on a keyframe: the caller requests one (PLI/FIR) while
/// <see cref="NeedsKeyframe"/> is set. <see cref="OnFrame"/> and <see cref="Stop"/> come from one thread at a time (the
/// track's writer), and the file's I/O happens on that thread with no lock held, so <see cref="State"/>,
/// <see cref="GetSegments"/> and <see cref="NeedsKeyframe"/> answer any thread at once even while a write hangs.
/// </summary>
public sealed class TrackRecorder : IEncodedFrameSink, IDisposable
{
    // RFC 7741 §4.1: the VP8 RTP clock is 90 kHz.
    private const int VideoClockRate = 90000;

    // Assumed length of the last frame of a stretch until two frames show the real interval (30 fps, 20 ms Opus).
    private const long DefaultVideoFrameTicks = VideoClockRate / 30;
    private const long DefaultAudioFrameTicks = OpusDepacketizer.ClockRate / 50;

    private readonly WebmWriter _writer;
    private readonly RecordingClock _clock;
    private readonly int _clockRate;
    private readonly Lock _gate = new();
    private readonly List<RecordedSegment> _segments = [];
    private volatile bool _stopped;
    private RecordingInstant? _arrival;
    private bool _hasRtp;
    private uint _lastRtp;
    private long _extendedRtp;
    private bool _stretchOpen;
    private int _stretchPauseCount;
    private long _stretchFirstRtp;
    private long _stretchFrames;
    private long _stretchFileStartMs;
    private long _stretchSessionStartMs;
    private long _stretchLastRtp;
    private long _frameTicks;
    private long _nextFileStartMs;
    private long _lastFileMs;

    /// <summary>Records into <paramref name="writer"/> (which it then owns) on the session <paramref name="clock"/>.</summary>
    public TrackRecorder(WebmWriter writer, RecordingClock clock)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(clock);
        _writer = writer;
        _clock = clock;
        IsVideo = writer.Codec == RecordingCodec.Vp8;
        _clockRate = IsVideo ? VideoClockRate : OpusDepacketizer.ClockRate;
        _frameTicks = IsVideo ? DefaultVideoFrameTicks : DefaultAudioFrameTicks;
    }

    /// <summary>True for a VP8 track.</summary>
    public bool IsVideo { get; }

    /// <summary>Recording, paused, stopped or failed.</summary>
    public TrackRecorderState State =>
        _writer.State == WebmWriterState.Failed ? TrackRecorderState.Failed
        : _stopped ? TrackRecorderState.Stopped
        : _clock.IsPaused ? TrackRecorderState.Paused
        : TrackRecorderState.Recording;

    /// <summary>Why the file could not be written, or null.</summary>
    public string? FailureReason => _writer.FailureReason;

    /// <summary>Bytes written to the file so far.</summary>
    public long BytesWritten => _writer.BytesWritten;

    /// <summary>Frames written to the file.</summary>
    public long FramesWritten => _writer.FramesWritten;

    /// <summary>Video only: recording but waiting for a keyframe (at the start and after each resume).</summary>
    public bool NeedsKeyframe => IsVideo && State == TrackRecorderState.Recording && !(_stretchOpen && _stretchPauseCount == _clock.PauseCount);

    /// <summary>The recorded stretches so far, the open one included.</summary>
    public IReadOnlyList<RecordedSegment> GetSegments()
    {
        lock (_gate)
        {
            return _stretchOpen ? [.. _segments, CurrentSegment()] : [.. _segments];
        }
    }

    /// <summary>
    /// The packets of the frames that follow arrived at <paramref name="instant"/>: a writer behind a queue sets it
    /// before each packet it depacketizes, so pauses and stretch starts follow arrival, not the writer's pace. Without
    /// it (frames fed as they arrive) the clock is read per frame.
    /// </summary>
    public void ArrivedAt(RecordingInstant instant) => _arrival = instant;

    /// <inheritdoc />
    public void OnFrame(EncodedFrame frame)
    {
        if (_stopped || _writer.State != WebmWriterState.Open)
        {
            return;
        }

        RecordingInstant at = _arrival ?? _clock.Now();
        long rtp = Unwrap(frame.RtpTimestamp);
        if (_stretchOpen && (at.IsPaused || at.PauseCount != _stretchPauseCount))
        {
            lock (_gate)
            {
                CloseStretch();
            }
        }

        if (at.IsPaused)
        {
            return;
        }

        if (!_stretchOpen)
        {
            if (IsVideo && !frame.IsKeyFrame)
            {
                return;
            }

            lock (_gate)
            {
                OpenStretch(rtp, at);
            }
        }

        long fileMs = _stretchFileStartMs + ToMs(Math.Max(0, rtp - _stretchFirstRtp));
        // Two frames on one RTP timestamp (VP8 sends an invisible alt-ref frame just before the frame it serves)
        // would give two blocks one time; muxers and players want strictly increasing times.
        if (_writer.FramesWritten > 0 && fileMs <= _lastFileMs) fileMs = _lastFileMs + 1;

        // The write (which may block on a slow disk) holds no lock: reports read the stretch meanwhile.
        if (!_writer.WriteFrame(frame.Data, fileMs, frame.IsKeyFrame))
        {
            if (_stretchFrames == 0)
            {
                // Nothing written in this stretch yet (e.g. a keyframe without a VP8 size): wait for the next keyframe.
                lock (_gate)
                {
                    _stretchOpen = false;
                }
            }

            return;
        }

        lock (_gate)
        {
            // The last interval stands for the length of the last frame; a jump over a second is a gap, not a frame.
            long interval = rtp - _stretchLastRtp;
            if (_stretchFrames > 0 && interval > 0 && interval <= _clockRate)
            {
                _frameTicks = interval;
            }

            _stretchFrames++;
            _lastFileMs = fileMs;
            _stretchLastRtp = Math.Max(_stretchLastRtp, rtp);
        }
    }

    /// <summary>Ends the recording of this track now and closes its file (Cues, Duration). Idempotent.</summary>
    public void Stop() => Stop(_clock.Now());

    /// <summary>
    /// Ends the recording of this track as of <paramref name="stoppedAt"/> (when the stop was asked for; the writer
    /// drains its queue first) and closes its file (Cues, Duration). Idempotent.
    /// </summary>
    public void Stop(RecordingInstant stoppedAt)
    {
        if (_stopped)
        {
            return;
        }

        long endMs;
        lock (_gate)
        {
            if (_stretchOpen)
            {
                CloseStretch();
            }

            endMs = stoppedAt.IsPaused ? _nextFileStartMs : Math.Max(_nextFileStartMs, _clock.RecordedMsAt(stoppedAt.SessionMs));
        }

        _stopped = true;
        _writer.Close(endMs);
    }

    /// <summary>Same as <see cref="Stop()"/>.</summary>
    public void Dispose() => Stop();

    private long Unwrap(uint timestamp)
    {
        if (_hasRtp)
        {
            _extendedRtp += (int)(timestamp - _lastRtp);
        }
        else
        {
            _hasRtp = true;
            _extendedRtp = timestamp;
        }

        _lastRtp = timestamp;
        return _extendedRtp;
    }

    private void OpenStretch(long rtp, RecordingInstant at)
    {
        _stretchOpen = true;
        _stretchPauseCount = at.PauseCount;
        _stretchFirstRtp = rtp;
        _stretchFrames = 0;
        // Frames that could not be written yet (a keyframe still to come) leave time, not a shift: files stay in step.
        _stretchFileStartMs = Math.Max(_nextFileStartMs, _clock.RecordedMsAt(at.SessionMs));
        _stretchSessionStartMs = at.SessionMs;
        _stretchLastRtp = rtp;
    }

    private long ToMs(long ticks) => ticks * 1000 / _clockRate;

    private RecordedSegment CurrentSegment() =>
        new(_stretchFileStartMs, _stretchSessionStartMs, ToMs(_stretchLastRtp - _stretchFirstRtp + _frameTicks));

    private void CloseStretch()
    {
        _stretchOpen = false;
        if (_stretchFrames == 0)
        {
            return;
        }

        RecordedSegment segment = CurrentSegment();
        _segments.Add(segment);
        _nextFileStartMs = segment.FileStartMs + segment.DurationMs;
    }
}
