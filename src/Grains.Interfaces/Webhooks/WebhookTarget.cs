namespace Live.Webhooks;

/// <summary>An endpoint with its secret, for the outbox that signs deliveries; never leaves the cluster.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret)
{
    /// <summary>Whether this endpoint asked for events of <paramref name="type"/>.</summary>
    public bool Wants(string type) => Endpoint.Events.Count == 0 || Endpoint.Events.Contains(type);
}
