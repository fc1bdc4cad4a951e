namespace Live.Media.Recording;

/// <summary>The life cycle of a <see cref="WebmWriter"/>.</summary>
public enum WebmWriterState
{
    /// <summary>Accepting frames.</summary>
    Open,

    /// <summary>Closed cleanly: Cues, SeekHead, Duration and the Segment size are written.</summary>
    Closed,

    /// <summary>An I/O error stopped the writer; see <see cref="WebmWriter.FailureReason"/>. The file holds the clusters flushed before it.</summary>
    Failed,
}
