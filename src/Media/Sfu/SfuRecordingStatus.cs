namespace Live.Media.Sfu;

/// <summary>What a recording plan asks of a router: record, keep the files open but discard media, or close them.</summary>
public enum SfuRecordingStatus
{
    /// <summary>Write the recordable participants' tracks.</summary>
    Recording,

    /// <summary>Discard media; the files resume without a gap (the pause shows in each track's segments).</summary>
    Paused,

    /// <summary>Close every file (Cues, Duration) and the manifest.</summary>
    Stopped,
}
