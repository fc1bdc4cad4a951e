namespace Live.Gateway.Fanout;

/// <summary>
/// Renews this gateway's session subscriptions every 10 seconds (the grains drop a subscription not renewed for 30 s,
/// which is how a killed gateway stops costing them failed deliveries), and releases them all when the gateway stops.
/// </summary>
public sealed class SubscriptionRefresher(SessionFanout fanout, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the sessions to drop this gateway's subscriptions at shutdown.</summary>
    public static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await fanout.RefreshAsync();
    }

    /// <summary>
    /// Runs before the Orleans client stops (hosted services stop in reverse order of registration, and the client was
    /// registered first), so the unsubscribe calls still have a cluster to go to.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await fanout.ReleaseAllAsync(ReleaseTimeout);
    }
}
