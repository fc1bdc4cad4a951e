namespace Live.Webhooks;

/// <summary>A delivery that failed every attempt and waits for a replay.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookDeadLetter")]
public sealed record WebhookDeadLetter(
    [property: Id(0)] string Id,
    [property: Id(1)] string EndpointId,
    [property: Id(2)] string EventId,
    [property: Id(3)] long Sequence,
    [property: Id(4)] string Type,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string LastError,
    [property: Id(7)] DateTimeOffset DeadAt);
