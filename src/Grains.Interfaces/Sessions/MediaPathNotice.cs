using Live.Participants;

namespace Live.Sessions;

/// <summary>
/// The <c>mediaPath</c> event's data, for hosts: the path a participant's media takes now (the selected ICE candidate
/// pair of their connection to the SFU), so a host sees who is on TCP or a relay and when that changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.MediaPathNotice")]
public sealed record MediaPathNotice([property: Id(0)] string ParticipantId, [property: Id(1)] MediaPath Path);
