namespace Live.Sessions;

/// <summary>A guest opened the link of a product card the host pushed: the first time, per card (sales calls).</summary>
[GenerateSerializer, Immutable, Alias("Live.CardOpened")]
public sealed record CardOpened(
    [property: Id(0)] string CardId,
    [property: Id(1)] string ParticipantId,
    /// <summary>Session clock (ms since the session went live).</summary>
    [property: Id(2)] long AtMs,
    /// <summary>Wall clock, for the host's "Opened ✓ 14:02".</summary>
    [property: Id(3)] DateTimeOffset OpenedAt);
