namespace Live.Webhooks;

/// <summary>
/// An endpoint with its secret, for the outbox that signs deliveries; never leaves the cluster. After a rotation the
/// <paramref name="PreviousSecret"/> still signs deliveries (a second <c>v1</c>) until <paramref name="PreviousSecretUntil"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret,
    [property: Id(2)] string? PreviousSecret = null,
    [property: Id(3)] DateTimeOffset PreviousSecretUntil = default)
{
    /// <summary>Whether this endpoint asked for events of <paramref name="type"/>.</summary>
    public bool Wants(string type) => Endpoint.Events.Count == 0 || Endpoint.Events.Contains(type);

    /// <summary>The secrets a delivery made at <paramref name="now"/> is signed with: the current one, then the previous one during its grace period.</summary>
    public IReadOnlyList<string> SecretsAt(DateTimeOffset now) =>
        PreviousSecret is { } previous && now < PreviousSecretUntil ? [Secret, previous] : [Secret];
}
