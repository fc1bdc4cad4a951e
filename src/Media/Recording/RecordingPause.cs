namespace Live.Media.Recording;

/// <summary>One pause of the recording on the session clock; <see cref="ResumedAtMs"/> is null while it lasts.</summary>
public readonly record struct RecordingPause(long PausedAtMs, long? ResumedAtMs);
