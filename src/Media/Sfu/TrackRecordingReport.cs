using Live.Media.Recording;

namespace Live.Media.Sfu;

/// <summary>
/// One recorded file (or one track that could not be recorded): the producer it comes from, its codec, its file
/// relative to the recording's folder (empty when there is none), its state (<see cref="TrackRecordingStates"/>) and
/// the stretches that map file time to the session clock. <see cref="DroppedPackets"/> counts the packets its queue had
/// to drop because the disk was too slow (the problem then says so even once the file is complete).
/// </summary>
public sealed record TrackRecordingReport(
    string TrackId,
    string ParticipantId,
    TrackSource Source,
    MediaKind Kind,
    string Codec,
    string File,
    string State,
    string? Problem,
    long BytesWritten,
    IReadOnlyList<RecordedSegment> Segments,
    long DroppedPackets = 0);
