namespace Live.Sessions;

/// <summary>
/// A change the session grain announces, with the audience it decided on. <see cref="Type"/> is one of
/// <see cref="SessionEventTypes"/>; <see cref="Data"/> is the matching record. Gateways forward both unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.SessionEvent")]
public sealed record SessionEvent(
    [property: Id(0)] string SessionId,
    [property: Id(1)] Audience Audience,
    [property: Id(2)] string Type,
    [property: Id(3)] object? Data,
    [property: Id(4)] string? ParticipantId = null);
