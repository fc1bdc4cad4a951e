using Live.Gateways;

namespace Live.Grains.Gateways;

/// <summary>
/// The registry's bookkeeping, kept apart from the grain so that time can be driven in tests. Leases live in memory:
/// a registry activated anew (its silo died) knows no gateway until they renew, so for one lease time after it starts
/// it only calls dead the gateways that said they were leaving; after that, a gateway without a current lease is dead.
/// </summary>
public sealed class GatewayLeases(TimeProvider time)
{
    /// <summary>Gateways that left cleanly are remembered this long (a gateway id is never reused).</summary>
    public static readonly TimeSpan RememberLeft = TimeSpan.FromHours(1);

    private readonly long _startedAt = time.GetTimestamp();
    private readonly Dictionary<string, long> _renewedAt = [];
    private readonly Dictionary<string, long> _leftAt = [];

    public void Renew(string gatewayId)
    {
        if (!_leftAt.ContainsKey(gatewayId)) _renewedAt[gatewayId] = time.GetTimestamp();
    }

    public void Leave(string gatewayId)
    {
        _renewedAt.Remove(gatewayId);
        _leftAt[gatewayId] = time.GetTimestamp();
    }

    public bool IsDead(string gatewayId) => StatusOf(gatewayId) == GatewayStatus.Dead;

    /// <summary>True while this registry is too new to call a gateway it has not heard from dead.</summary>
    public bool IsUndecided(string gatewayId) => StatusOf(gatewayId) == GatewayStatus.Undecided;

    private GatewayStatus StatusOf(string gatewayId)
    {
        if (_leftAt.ContainsKey(gatewayId)) return GatewayStatus.Dead;
        if (_renewedAt.TryGetValue(gatewayId, out var renewed))
            return time.GetElapsedTime(renewed) >= IGatewayRegistryGrain.LeaseTime ? GatewayStatus.Dead : GatewayStatus.Alive;
        return time.GetElapsedTime(_startedAt) >= IGatewayRegistryGrain.LeaseTime ? GatewayStatus.Dead : GatewayStatus.Undecided;
    }

    private enum GatewayStatus { Alive, Dead, Undecided }

    /// <summary>Forgets long-expired leases and long-gone leavers, so the registry does not grow with every restart.</summary>
    public void Prune()
    {
        foreach (var (id, renewed) in _renewedAt.ToList())
            if (time.GetElapsedTime(renewed) >= RememberLeft) _renewedAt.Remove(id);
        foreach (var (id, left) in _leftAt.ToList())
            if (time.GetElapsedTime(left) >= RememberLeft) _leftAt.Remove(id);
    }
}
