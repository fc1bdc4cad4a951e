namespace Live.Media.Recording;

/// <summary>What a <see cref="TrackRecorder"/> does with the frames it receives.</summary>
public enum TrackRecorderState
{
    /// <summary>Frames are written (video waits for a keyframe first).</summary>
    Recording,

    /// <summary>The session recording is paused: frames are discarded.</summary>
    Paused,

    /// <summary>Stopped and the file closed.</summary>
    Stopped,

    /// <summary>The file could not be written; see <see cref="TrackRecorder.FailureReason"/>.</summary>
    Failed,
}
