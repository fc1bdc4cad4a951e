using Live.Sessions;

namespace Live.Media;

/// <summary>
/// What the session wants recorded now: the recording's id, its status (recording, paused or stopped), the session clock
/// at this change, and the participants whose tracks may be recorded (guests who consented, and hosts).
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.RecordingPlan")]
public sealed record RecordingPlan(
    [property: Id(0)] string RecordingId,
    [property: Id(1)] RecordingStatus Status,
    [property: Id(2)] long SessionClockMs,
    [property: Id(3)] IReadOnlyList<string> Recordable);

/// <summary>One stretch of a track's file: file time <c>FileStartMs</c> is session time <c>SessionClockStartMs</c>.</summary>
[GenerateSerializer, Immutable, Alias("Live.RecordedSegment")]
public sealed record RecordedSegment(
    [property: Id(0)] long FileStartMs,
    [property: Id(1)] long SessionClockStartMs,
    [property: Id(2)] long DurationMs);

/// <summary>
/// One recorded track: its file (relative to the recording's folder), codec, state and where it sits on the session
/// clock; <c>DroppedPackets</c> counts what a too-slow disk made the silo drop from it (the file stays valid).
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.RecordedTrack")]
public sealed record RecordedTrack(
    [property: Id(0)] string TrackId,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] TrackSource Source,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Codec,
    [property: Id(5)] string File,
    [property: Id(6)] string State,
    [property: Id(7)] string? Problem,
    [property: Id(8)] long BytesWritten,
    [property: Id(9)] IReadOnlyList<RecordedSegment> Segments,
    [property: Id(10)] long DroppedPackets = 0);

/// <summary>The tracks of a recording as the silo that writes them reports them.</summary>
[GenerateSerializer, Immutable, Alias("Live.RecordingReport")]
public sealed record RecordingReport(
    [property: Id(0)] string RecordingId,
    [property: Id(1)] IReadOnlyList<RecordedTrack> Tracks);
