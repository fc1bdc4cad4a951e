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

/// <summary>What one delivery attempt came to, reported by the sender back to the outbox that owns the delivery.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Delivered,
    [property: Id(3)] string? Error);

/// <summary>An outbox's numbers, for operators and tests.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookOutboxStatus")]
public sealed record WebhookOutboxStatus(
    [property: Id(0)] long LastSequence,
    [property: Id(1)] int Pending,
    [property: Id(2)] int DeadLetters,
    [property: Id(3)] int RetainedEvents);
