namespace Live.Sessions;

/// <summary>
/// Recording status and its markers on the session clock. <see cref="PendingConsent"/> names the guests present who
/// have not consented (hosts only): while it is not empty, recording cannot start.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.RecordingView")]
public sealed record RecordingView(
    [property: Id(0)] RecordingStatus Status,
    [property: Id(1)] IReadOnlyList<RecordingMarker> Markers,
    [property: Id(2)] IReadOnlyList<string>? PendingConsent = null);

/// <summary>One recording transition (start, pause, resume, stop) at a session-clock time.</summary>
[GenerateSerializer, Immutable, Alias("Live.RecordingMarker")]
public sealed record RecordingMarker(
    [property: Id(0)] RecordingStatus Status,
    [property: Id(1)] long AtMs);
