namespace Live.Sessions;

/// <summary>Who a participant is, as named by their signed join token.</summary>
[GenerateSerializer, Immutable, Alias("Live.ParticipantIdentity")]
public sealed record ParticipantIdentity(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] Role Role);
