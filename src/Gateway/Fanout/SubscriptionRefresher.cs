namespace Live.Gateway.Fanout;

/// <summary>Renews this gateway's session subscriptions every 30 seconds, well inside the grains' three-minute expiry.</summary>
public sealed class SubscriptionRefresher(SessionFanout fanout, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await fanout.RefreshAsync();
    }
}
