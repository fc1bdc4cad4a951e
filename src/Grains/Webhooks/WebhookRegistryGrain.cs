using System.Security.Cryptography;
using Live.Grains.Infrastructure;
using Live.Sessions;
using Live.Webhooks;

namespace Live.Grains.Webhooks;

/// <summary>The webhook endpoints operators registered through the REST API. Each has a secret that signs its deliveries.</summary>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhooks", GrainStorage.Name)] IPersistentState<WebhookRegistryState> state,
    TimeProvider clock)
    : Grain, IWebhookRegistryGrain
{
    /// <summary>Endpoints a cluster keeps; each costs one delivery per event, so this bounds a session's fan-out.</summary>
    public const int MaxEndpoints = 50;

    /// <summary>Event types one filter may name (every known type fits).</summary>
    public const int MaxFilterTypes = 32;

    /// <summary>256 random bits: as strong as the HMAC-SHA256 key can use.</summary>
    private const int SecretBytes = 32;

    private static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<WebhookRegistration> RegisterAsync(string url, IReadOnlyList<string>? events)
    {
        var checkedUrl = Input.OptionalUrl(url, "Webhook URL") ?? throw Input.Invalid("Webhook URL is required.");
        if (new Uri(checkedUrl).UserInfo.Length > 0) throw Input.Invalid("Webhook URL must not carry a user name or password.");
        var filter = (events ?? []).Select(e => e?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (filter.Count > MaxFilterTypes) throw Input.Invalid($"An event filter names at most {MaxFilterTypes} types.");
        if (filter.FirstOrDefault(e => !WebhookEventTypes.All.Contains(e)) is { } unknown)
            throw Input.Invalid($"Unknown webhook event type '{unknown}'.");
        if (state.State.Targets.Count >= MaxEndpoints) throw Refusals.Refuse("too-many-webhooks", $"At most {MaxEndpoints} webhook endpoints.");

        var endpoint = new WebhookEndpoint($"wh{++state.State.NextId}", checkedUrl, filter, clock.GetUtcNow());
        var secret = NewSecret();
        state.State.Targets.Add(new WebhookTarget(endpoint, secret));
        await state.WriteStateAsync();
        return new WebhookRegistration(endpoint, secret);
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookEndpoint>>(state.State.Targets.Select(t => t.Endpoint).ToList());

    public async Task<bool> DeleteAsync(string endpointId)
    {
        if (state.State.Targets.RemoveAll(t => t.Endpoint.Id == endpointId) == 0) return false;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<WebhookRegistration?> RotateSecretAsync(string endpointId, TimeSpan grace)
    {
        if (grace < TimeSpan.Zero || grace > IWebhookRegistryGrain.MaxRotationGrace)
            throw Input.Invalid($"The grace period is between 0 and {IWebhookRegistryGrain.MaxRotationGrace.TotalDays:0} days.");
        var index = state.State.Targets.FindIndex(t => t.Endpoint.Id == endpointId);
        if (index < 0) return null;
        var current = state.State.Targets[index];
        // A rotation during another's grace drops the oldest secret: a delivery carries at most two signatures.
        var rotated = current with { Secret = NewSecret(), PreviousSecret = current.Secret, PreviousSecretUntil = clock.GetUtcNow() + grace };
        state.State.Targets[index] = rotated;
        await state.WriteStateAsync();
        return new WebhookRegistration(rotated.Endpoint, rotated.Secret);
    }

    public Task<IReadOnlyList<WebhookTarget>> GetTargetsAsync() =>
        Task.FromResult<IReadOnlyList<WebhookTarget>>([.. state.State.Targets]);
}
