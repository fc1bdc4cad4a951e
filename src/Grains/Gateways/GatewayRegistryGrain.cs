using Live.Gateways;

namespace Live.Grains.Gateways;

/// <summary>Gateway leases in memory (<see cref="GatewayLeases"/>); see <see cref="IGatewayRegistryGrain"/>.</summary>
public sealed class GatewayRegistryGrain(TimeProvider clock) : Grain, IGatewayRegistryGrain
{
    private readonly GatewayLeases _leases = new(clock);

    public Task RenewAsync(string gatewayId)
    {
        _leases.Prune();
        _leases.Renew(RequireId(gatewayId));
        return Task.CompletedTask;
    }

    public Task LeaveAsync(string gatewayId)
    {
        _leases.Leave(RequireId(gatewayId));
        return Task.CompletedTask;
    }

    public Task<GatewayCheck> CheckAsync(IReadOnlyList<string> gatewayIds) =>
        Task.FromResult(new GatewayCheck(gatewayIds.Where(_leases.IsDead).ToList(), gatewayIds.Any(_leases.IsUndecided)));

    private static string RequireId(string gatewayId) =>
        string.IsNullOrWhiteSpace(gatewayId) || gatewayId.Length > 64
            ? throw new ArgumentException("A gateway id is 1 to 64 characters.", nameof(gatewayId))
            : gatewayId;
}
