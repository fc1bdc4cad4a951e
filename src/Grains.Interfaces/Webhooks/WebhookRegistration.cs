namespace Live.Webhooks;

/// <summary>The answer to a registration: the endpoint and its signing secret, which is shown this once and never again.</summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret);
