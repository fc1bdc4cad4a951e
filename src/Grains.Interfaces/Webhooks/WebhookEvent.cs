namespace Live.Webhooks;

/// <summary>
/// One event of a session as its webhooks deliver it. <paramref name="Sequence"/> counts the session's webhook events
/// from 1 without gaps; <paramref name="Body"/> is the exact JSON sent (and signed), fixed when the event happened so
/// that every retry and replay carries the same bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string Body);
