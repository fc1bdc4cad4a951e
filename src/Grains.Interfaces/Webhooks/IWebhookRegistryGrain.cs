namespace Live.Webhooks;

/// <summary>The cluster's webhook endpoints (one grain, key <see cref="DefaultKey"/>): what operators register and every outbox reads.</summary>
[Alias("Live.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    /// <summary>Registers an http(s) endpoint with an optional event-type filter; the answer holds the new signing secret.</summary>
    [Alias("Register")] Task<WebhookRegistration> RegisterAsync(string url, IReadOnlyList<string>? events);

    /// <summary>The registered endpoints, oldest first, without secrets.</summary>
    [Alias("List")] Task<IReadOnlyList<WebhookEndpoint>> ListAsync();

    /// <summary>Removes an endpoint; false when there was none with that id. Its pending deliveries are dropped.</summary>
    [Alias("Delete")] Task<bool> DeleteAsync(string endpointId);

    /// <summary>Every endpoint with its secret, for the outboxes that sign deliveries.</summary>
    [Alias("Targets")] Task<IReadOnlyList<WebhookTarget>> GetTargetsAsync();
}
