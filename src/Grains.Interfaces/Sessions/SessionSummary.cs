namespace Live.Sessions;

/// <summary>The public face of a session for the REST API and the directory.</summary>
[GenerateSerializer, Immutable, Alias("Live.SessionSummary")]
public sealed record SessionSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] SessionPhase Phase,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? LiveAt,
    [property: Id(6)] DateTimeOffset? EndedAt,
    [property: Id(7)] int GuestCount,
    [property: Id(8)] int HostCount);
