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

    /// <summary>Which of these gateways are known to be dead, and whether the registry could tell for all of them.</summary>
    [Alias("Check")] Task<GatewayCheck> CheckAsync(IReadOnlyList<string> gatewayIds);
}

/// <summary>
/// The registry's answer: the gateways known to be dead, and whether some could not be told apart yet (a registry
/// activated anew, after its silo died, has not heard every live gateway renew).
/// </summary>
[GenerateSerializer, Alias("Live.GatewayCheck")]
public sealed record GatewayCheck([property: Id(0)] IReadOnlyList<string> Dead, [property: Id(1)] bool Undecided);
