namespace Live.Media.Sfu;

/// <summary>The words a <see cref="TrackRecordingReport"/> uses for its state (docs/recording.md, <c>tracks[].state</c>).</summary>
public static class TrackRecordingStates
{
    /// <summary>Frames are being written (video may still be waiting for its first keyframe).</summary>
    public const string Recording = "recording";

    /// <summary>
    /// Recording, but the disk could not keep up: the track's queue filled and packets were dropped (the report's
    /// <c>droppedPackets</c> counts them). The file stays valid; it skips what was dropped (video to the next keyframe).
    /// </summary>
    public const string Degraded = "degraded";

    /// <summary>Stopped: the writer is draining its queue and closing the file; <see cref="Complete"/> follows.</summary>
    public const string Closing = "closing";

    /// <summary>The recording is paused; the file stays open.</summary>
    public const string Paused = "paused";

    /// <summary>The file was closed cleanly (Cues, Duration).</summary>
    public const string Complete = "complete";

    /// <summary>An I/O error ended the track; the problem says which. The file holds what was flushed before.</summary>
    public const string Failed = "failed";

    /// <summary>The codec cannot be recorded (H264); no file.</summary>
    public const string Unsupported = "unsupported";
}
