namespace Live.Sessions;

/// <summary>
/// A change the session grain announces, with the audience it decided on. <see cref="Type"/> is one of
/// <see cref="SessionEventTypes"/>; <see cref="Data"/> is the matching record. Gateways forward both unchanged.
/// Events reach gateways without acknowledgement, so each carries its place in the session's stream: a gateway that
/// sees a gap (a lost event, or a new activation after a silo died) tells its browsers to fetch a fresh snapshot.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.SessionEvent")]
public sealed record SessionEvent(
    [property: Id(0)] string SessionId,
    [property: Id(1)] Audience Audience,
    [property: Id(2)] string Type,
    [property: Id(3)] object? Data,
    [property: Id(4)] string? ParticipantId = null)
{
    /// <summary>The publishing activation: a new one (after a crash or a move) starts a new stream.</summary>
    [Id(5)] public long Stream { get; init; }

    /// <summary>1, 2, 3… within <see cref="Stream"/>, over every audience, so a gateway sees any missing event.</summary>
    [Id(6)] public long Seq { get; init; }
}
