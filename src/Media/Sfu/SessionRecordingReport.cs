namespace Live.Media.Sfu;

/// <summary>A router's recording: its id, status, folder and every track file it opened, in the order they were opened.</summary>
public sealed record SessionRecordingReport(
    string RecordingId,
    SfuRecordingStatus Status,
    string Directory,
    IReadOnlyList<TrackRecordingReport> Tracks);
