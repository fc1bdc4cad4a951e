namespace Live.Webhooks;

/// <summary>A registered webhook endpoint as listed: never its secret. An empty <paramref name="Events"/> means every event type.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>The answer to a registration: the endpoint and its signing secret, which is shown this once and never again.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret);

/// <summary>An endpoint with its secret, for the outbox that signs deliveries; never leaves the cluster.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret)
{
    /// <summary>Whether this endpoint asked for events of <paramref name="type"/>.</summary>
    public bool Wants(string type) => Endpoint.Events.Count == 0 || Endpoint.Events.Contains(type);
}
