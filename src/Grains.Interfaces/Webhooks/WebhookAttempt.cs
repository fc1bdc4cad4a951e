namespace Live.Webhooks;

/// <summary>What one delivery attempt came to, reported by the sender back to the outbox that owns the delivery.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Delivered,
    [property: Id(3)] string? Error);
