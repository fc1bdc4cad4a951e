namespace Live.Gateway.Fanout;

/// <summary>Renews this gateway's session subscriptions every 10 seconds: the grains drop a subscription not renewed for 30 s (a killed gateway).</summary>
public sealed class SubscriptionRefresher(SessionFanout fanout, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await fanout.RefreshAsync();
    }
}
