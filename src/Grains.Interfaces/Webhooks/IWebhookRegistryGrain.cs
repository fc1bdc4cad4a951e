namespace Live.Webhooks;

/// <summary>The cluster's webhook endpoints (one grain, key <see cref="DefaultKey"/>): what operators register and every outbox reads.</summary>
[Alias("Live.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    /// <summary>The longest an old secret keeps signing after a rotation: long enough to roll out a receiver, short enough to retire a leaked one.</summary>
    public static readonly TimeSpan MaxRotationGrace = TimeSpan.FromDays(7);

    /// <summary>The grace period when the caller names none: a day to move every receiver to the new secret.</summary>
    public static readonly TimeSpan DefaultRotationGrace = TimeSpan.FromHours(24);

    /// <summary>Registers an http(s) endpoint with an optional event-type filter; the answer holds the new signing secret.</summary>
    [Alias("Register")] Task<WebhookRegistration> RegisterAsync(string url, IReadOnlyList<string>? events);

    /// <summary>The registered endpoints, oldest first, without secrets.</summary>
    [Alias("List")] Task<IReadOnlyList<WebhookEndpoint>> ListAsync();

    /// <summary>Removes an endpoint; false when there was none with that id. Its pending deliveries are dropped.</summary>
    [Alias("Delete")] Task<bool> DeleteAsync(string endpointId);

    /// <summary>
    /// Gives an endpoint a new secret (in the answer, shown this once); the old one keeps signing deliveries beside it
    /// for <paramref name="grace"/>. Null when there is no endpoint with that id.
    /// </summary>
    [Alias("RotateSecret")] Task<WebhookRegistration?> RotateSecretAsync(string endpointId, TimeSpan grace);

    /// <summary>Every endpoint with its secret, for the outboxes that sign deliveries.</summary>
    [Alias("Targets")] Task<IReadOnlyList<WebhookTarget>> GetTargetsAsync();
}
