namespace Live.Webhooks;

/// <summary>A registered webhook endpoint as listed: never its secret. An empty <paramref name="Events"/> means every event type.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] DateTimeOffset CreatedAt);
