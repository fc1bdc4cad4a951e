namespace Live.Gateway.Fanout;

/// <summary>
/// Looks for session events held behind a missing one for longer than <see cref="EventSequencer.GapTimeout"/>, a few
/// times per gap timeout, and has the fan-out give up on them (the browsers resync).
/// </summary>
public sealed class EventGapWatcher(SessionFanout fanout, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Period = EventSequencer.GapTimeout / 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) fanout.ReleaseExpiredGaps();
    }
}
