namespace Live.Webhooks;

/// <summary>An outbox's numbers, for operators and tests.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookOutboxStatus")]
public sealed record WebhookOutboxStatus(
    [property: Id(0)] long LastSequence,
    [property: Id(1)] int Pending,
    [property: Id(2)] int DeadLetters,
    [property: Id(3)] int RetainedEvents);
