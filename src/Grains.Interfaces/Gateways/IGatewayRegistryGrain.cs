namespace Live.Gateways;

/// <summary>
/// Which gateways are alive (a single grain keyed <see cref="DefaultKey"/>). Each gateway renews its lease every
/// <see cref="RenewalPeriod"/>; a gateway that stops renewing (killed) is dead once <see cref="LeaseTime"/> has passed,
/// and one that stops cleanly says so at once. Participants use it to forget connections a dead gateway can no longer
/// close, which would otherwise keep them "online" and count against their connection limit forever.
/// </summary>
[Alias("Live.IGatewayRegistryGrain")]
public interface IGatewayRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one registry's key.</summary>
    public const string DefaultKey = "gateways";

    /// <summary>How often a gateway renews its lease.</summary>
    public static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(10);

    /// <summary>How long a lease lasts without renewal: three renewals, so one slow or lost renewal is not a death.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    /// <summary>A gateway is alive: starts or renews its lease.</summary>
    [Alias("Renew")] Task RenewAsync(string gatewayId);

    /// <summary>A gateway is stopping: its connections are gone from now on.</summary>
    [Alias("Leave")] Task LeaveAsync(string gatewayId);

    /// <summary>Which of these gateways are known to be dead.</summary>
    [Alias("FindDead")] Task<IReadOnlyList<string>> FindDeadAsync(IReadOnlyList<string> gatewayIds);
}
