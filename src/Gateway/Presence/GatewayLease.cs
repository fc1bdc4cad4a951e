using Live.Gateways;

namespace Live.Gateway.Presence;

/// <summary>
/// This gateway's id in the gateway registry and its lease there: renewed every
/// <see cref="IGatewayRegistryGrain.RenewalPeriod"/> while the gateway runs, given up when it stops. Participants tell
/// their connections apart by it, so connections this gateway can no longer close (it was killed) are forgotten.
/// </summary>
public sealed class GatewayLease(IGrainFactory grains, TimeProvider clock, ILogger<GatewayLease> logger) : BackgroundService
{
    /// <summary>Unique to this process: a restarted gateway is a new gateway, whose predecessor's connections are gone.</summary>
    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

    private IGatewayRegistryGrain Registry => grains.GetGrain<IGatewayRegistryGrain>(IGatewayRegistryGrain.DefaultKey);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(IGatewayRegistryGrain.RenewalPeriod, clock);
        do
        {
            try
            {
                await Registry.RenewAsync(GatewayId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next renewal comes well within the lease; a lasting outage shows in the cluster health check.
                logger.LogWarning(ex, "Could not renew gateway {GatewayId}'s lease", GatewayId);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs before the Orleans client stops (registered after it), so the registry hears about it at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Registry.LeaveAsync(GatewayId).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not end gateway {GatewayId}'s lease; it runs out by itself", GatewayId);
        }
    }
}
