using System.Diagnostics;

namespace Live.Bench;

/// <summary>Steps both benchmarks share: a live room with its host connected, and guests connected and admitted.</summary>
public static class RoomSetup
{
    /// <summary>Host admissions in flight at once.</summary>
    private const int AdmitConcurrency = 32;

    public static async Task<(Room Room, LoadConnection Host)> OpenAsync(Peer peer, IEventSink sink, string title)
    {
        var room = await peer.CreateRoomAsync(title);
        var host = new LoadConnection(peer.Build(room, room.Host), room.Host, sink);
        await host.Hub.StartAsync();
        await peer.GoLiveAsync(host.Hub);
        return (room, host);
    }

    /// <summary>Connects guests and, where the peer has a lobby, admits them; returns the ramp and how many got in.</summary>
    public static async Task<(RampResult Ramp, List<LoadConnection> Admitted, TimeSpan Elapsed)> JoinGuestsAsync(
        Peer peer, Room room, LoadConnection host, IEventSink sink, int count, string namePrefix, BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var credentials = await peer.IssueAsync(room, "respondent", count, namePrefix);
        var ramp = await Ramp.ConnectAsync(peer, room, credentials, sink, options.RampPerSecond, options.RampTimeout);
        if (!peer.AdmitsGuests) return (ramp, ramp.Connected, Stopwatch.GetElapsedTime(started));

        var left = options.RampTimeout - Stopwatch.GetElapsedTime(started);
        using var cts = new CancellationTokenSource(left > TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
        try
        {
            await Parallel.ForEachAsync(ramp.Connected, new ParallelOptions { MaxDegreeOfParallelism = AdmitConcurrency, CancellationToken = cts.Token },
                async (guest, ct) =>
                {
                    // A guest connected to the lobby has its first snapshot; the admission sends the second.
                    await Ramp.UntilAsync(() => guest.Snapshots >= 1, TimeSpan.FromSeconds(30));
                    await peer.AdmitAsync(host.Hub, guest.Credential.ParticipantId).WaitAsync(ct);
                });
            await Ramp.UntilAsync(() => ramp.Connected.All(g => g.Snapshots >= 2) || cts.IsCancellationRequested, TimeSpan.FromDays(1));
        }
        catch (OperationCanceledException) { }
        var admitted = ramp.Connected.Where(g => g.Snapshots >= 2).ToList();
        return (ramp, admitted, Stopwatch.GetElapsedTime(started));
    }
}
