using Microsoft.AspNetCore.SignalR;

namespace Live.Bench.PlainHub;

/// <summary>Sends changed tallies and reaction totals to each room's staff every 100 ms, as Live's session grain does.</summary>
public sealed class PlainPublisher(PlainRooms rooms, IHubContext<PlainSessionHub> hub) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var room in rooms.All)
            {
                var (tallies, reactions) = room.TakeChanges();
                var staff = hub.Clients.Group(PlainSessionHub.Staff(room.Id));
                foreach (var tally in tallies) await staff.SendAsync("Event", "tally", tally, stoppingToken);
                if (reactions is not null) await staff.SendAsync("Event", "reactions", reactions, stoppingToken);
            }
        }
    }
}
