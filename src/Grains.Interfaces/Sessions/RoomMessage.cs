namespace Live.Sessions;

/// <summary>
/// A line of the room's text chat between the host and the guests (a link, a spelling). Everyone admitted reads it,
/// observers included; only hosts and guests write it. Not the backroom: that is <see cref="BackroomMessage"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.RoomMessage")]
public sealed record RoomMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] Role Role,
    [property: Id(4)] string Text,
    /// <summary>Session clock (ms since the session went live; 0 before).</summary>
    [property: Id(5)] long AtMs,
    /// <summary>Wall clock, for the "14:02" a customer reads beside a line.</summary>
    [property: Id(6)] DateTimeOffset SentAt);
