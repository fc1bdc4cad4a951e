namespace Live.Media.Sfu;

/// <summary>
/// The recording a router should be doing now: its id (one folder per id), the status, the session clock when the
/// plan was made (stamps the recording clock at start), and the participants whose tracks may be recorded.
/// </summary>
public sealed record SfuRecordingPlan(string RecordingId, SfuRecordingStatus Status, long SessionClockMs, IReadOnlyCollection<string> Recordable);
