namespace Live.Sessions;

/// <summary>How many observers are present and admitted; staff only, since guests never learn anything about observers.</summary>
[GenerateSerializer, Immutable, Alias("Live.ObserverCount")]
public sealed record ObserverCount([property: Id(0)] int Present);
