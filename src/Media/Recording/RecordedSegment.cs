namespace Live.Media.Recording;

/// <summary>
/// One uninterrupted stretch of a track file: file time <see cref="FileStartMs"/> corresponds to session clock
/// <see cref="SessionClockStartMs"/>, and the two advance together for <see cref="DurationMs"/>. Pauses split stretches.
/// </summary>
public readonly record struct RecordedSegment(long FileStartMs, long SessionClockStartMs, long DurationMs);
