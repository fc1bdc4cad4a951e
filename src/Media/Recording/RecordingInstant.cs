namespace Live.Media.Recording;

/// <summary>
/// When a packet reached the recording, read from the <see cref="RecordingClock"/> on the packet path: the session
/// clock and the pause state at that moment. The file writer runs behind a queue, so it places frames by this stamp
/// rather than by the clock when it gets to them: a slow disk delays the file, it never moves media across a pause.
/// </summary>
public readonly record struct RecordingInstant(long SessionMs, int PauseCount, bool IsPaused);
