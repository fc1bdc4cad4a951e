using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Bench;

/// <summary>
/// Benchmark 2, vote storm: V distinct voters each vote once on one poll, their calls spread evenly over 1 s. The voters
/// are observers and the poll is open to observers (a real feature: the audience of a large session votes from the
/// backroom), so joining them costs no lobby admissions. Checks that every vote was counted (the host's snapshot), and
/// measures the time from the first vote until every observer (watchers and voters) has seen the final tally, and the
/// grain calls per second the storm caused.
/// </summary>
public sealed class VoteStormBenchmark(BenchOptions options, string repoRoot)
{
    private static readonly TimeSpan StormWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TallyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Options = ["Red", "Green", "Blue", "Yellow"];

    public async Task<bool> RunAsync()
    {
        var byPeer = new Dictionary<string, StormFigures>();
        var failed = false;
        foreach (var peerName in options.Peers)
        {
            try
            {
                var figures = await RunOneAsync(peerName);
                Report.Line("votes", figures.Fields());
                byPeer[peerName] = figures;
            }
            catch (Exception ex)
            {
                // A server that stops answering is a result too: say so and go on with the next peer.
                Report.Line("votes", Report.Fields(("peer", peerName), ("voters", options.Voters), ("all_counted", false)) + $" error=\"{ex.GetType().Name}: {ex.Message}\"");
                byPeer.Remove(peerName);
                failed = true;
            }
        }
        if (byPeer.TryGetValue("live", out var live) && byPeer.TryGetValue("plain", out var plain))
            Report.Line("votes", StormFigures.Ratio(live, plain));
        return !failed && byPeer.Values.All(f => f.AllCounted);
    }

    private async Task<StormFigures> RunOneAsync(string peerName)
    {
        Report.Note($"votes: {peerName}: starting the server");
        await using var peer = peerName == "live" ? (Peer)await LivePeer.StartAsync(repoRoot) : await PlainPeer.StartAsync(repoRoot);
        var sink = new StormSink();
        var (room, host) = await RoomSetup.OpenAsync(peer, sink, "Vote storm benchmark");
        var observerCredentials = await peer.IssueAsync(room, "observer", options.StormObservers, "Observer");
        var observers = await Ramp.ConnectAsync(peer, room, observerCredentials, sink, options.RampPerSecond, options.RampTimeout);
        await Ramp.UntilAsync(() => observers.Connected.All(c => c.Snapshots >= 1), options.RampTimeout);

        Report.Note($"votes: {peerName}: connecting {options.Voters} voters as observers");
        var (voterRamp, voters, joinTime) = await JoinVotersAsync(peer, room, sink);
        Report.Note($"votes: {peerName}: {voters.Count} of {options.Voters} voters in the session in {joinTime.TotalSeconds:0.0} s");
        await Ramp.UntilAsync(() => Stopwatch.GetElapsedTime(sink.LastRosterAt) > TimeSpan.FromSeconds(1), options.RampTimeout);

        var poll = await host.Hub.InvokeAsync<EventProbe?>("OpenPoll", "Which colour?", Options, false, true);
        var pollId = poll!.Id!;
        sink.Watch(pollId, voters.Count);
        var callsBefore = await peer.GrainCallsAsync();
        var (acked, refused, firstVote, sent, lastAck, firstError) = await StormAsync(voters, pollId);
        var stormTime = Stopwatch.GetElapsedTime(firstVote, lastAck);
        var callsAfter = await peer.GrainCallsAsync();
        // Voters are observers, so they get the staff tally too: the storm is over when every observer connection has the final one.
        var watching = observers.Connected.Count + voters.Count;
        var allSeen = await Ramp.UntilAsync(() => sink.ObserversWithFinal >= watching, TallyTimeout);
        var finalSeen = allSeen ? Stopwatch.GetElapsedTime(firstVote, sink.LastFinalAt) : (TimeSpan?)null;
        var afterLastVote = allSeen ? Stopwatch.GetElapsedTime(lastAck, sink.LastFinalAt) : (TimeSpan?)null;

        var (counted, tallySum) = await CountedAsync(host.Hub, pollId);
        await peer.DisposeAsync();
        await Task.WhenAll(observers.DisposeAllAsync(), voterRamp.DisposeAllAsync(), host.DisposeAsync().AsTask());

        return new StormFigures(peerName, options.Voters, voters.Count, joinTime, acked, refused, counted, tallySum,
            sent, stormTime, finalSeen, afterLastVote, watching, acked / stormTime.TotalSeconds,
            callsAfter - callsBefore is { } calls ? calls / stormTime.TotalSeconds : null, firstError);
    }

    /// <summary>Connects the voters as observers (no lobby); a voter is in once its first snapshot arrived.</summary>
    private async Task<(RampResult Ramp, List<LoadConnection> Joined, TimeSpan Elapsed)> JoinVotersAsync(Peer peer, Room room, StormSink sink)
    {
        var started = Stopwatch.GetTimestamp();
        var credentials = await peer.IssueAsync(room, "observer", options.Voters, "Voter");
        var ramp = await Ramp.ConnectAsync(peer, room, credentials, sink, options.RampPerSecond, options.RampTimeout);
        await Ramp.UntilAsync(() => ramp.Connected.All(v => v.Snapshots >= 1), options.RampTimeout);
        return (ramp, ramp.Connected.Where(v => v.Snapshots >= 1).ToList(), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Each voter's Vote call starts at its slot in the window; returns acknowledgements and refusals.</summary>
    private static async Task<(int Acked, int Refused, long FirstVote, TimeSpan Sent, long LastAck, string? FirstError)> StormAsync(List<LoadConnection> voters, string pollId)
    {
        int acked = 0, refused = 0;
        long lastAck = 0;
        string? firstError = null;
        var tasks = new Task[voters.Count];
        var firstVote = Stopwatch.GetTimestamp();
        for (var i = 0; i < voters.Count; i++)
        {
            var due = StormWindow * i / voters.Count - Stopwatch.GetElapsedTime(firstVote);
            // Task.Delay is only good to a millisecond or so; below that, sending a little early keeps the rate.
            if (due > TimeSpan.FromMilliseconds(2)) await Task.Delay(due);
            tasks[i] = VoteAsync(voters[i], i);
        }
        // How long the client took to issue every call: the window it managed, whatever the server then did.
        var sent = Stopwatch.GetElapsedTime(firstVote);
        await Task.WhenAll(tasks);
        return (acked, refused, firstVote, sent, lastAck, firstError);

        async Task VoteAsync(LoadConnection voter, int i)
        {
            try
            {
                await voter.Hub.InvokeAsync<EventProbe?>("Vote", pollId, new[] { i % Options.Length });
                Interlocked.Increment(ref acked);
                var now = Stopwatch.GetTimestamp();
                long seen;
                while ((seen = Interlocked.Read(ref lastAck)) < now && Interlocked.CompareExchange(ref lastAck, now, seen) != seen) { }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref refused);
                Interlocked.CompareExchange(ref firstError, ex.Message, null);
            }
        }
    }

    /// <summary>The host's view of the poll: its voter count and the sum of its tally.</summary>
    private static async Task<(int Voters, int TallySum)> CountedAsync(HubConnection host, string pollId)
    {
        var snapshot = await host.InvokeAsync<JsonElement>("GetSnapshot");
        foreach (var poll in snapshot.GetProperty("polls").EnumerateArray())
        {
            if (poll.GetProperty("id").GetString() != pollId) continue;
            return (poll.GetProperty("voters").GetInt32(), poll.GetProperty("tally").EnumerateArray().Sum(t => t.GetInt32()));
        }
        return (0, 0);
    }

    /// <summary>Notices when each observer (watcher or voter) first sees the tally that counts every voter.</summary>
    private sealed class StormSink : IEventSink
    {
        private string? _pollId;
        private int _expected = int.MaxValue, _observersWithFinal;
        private long _lastFinalAt, _lastRosterAt = Stopwatch.GetTimestamp();
        private readonly HashSet<LoadConnection> _final = [];

        public int ObserversWithFinal => Volatile.Read(ref _observersWithFinal);
        public long LastFinalAt => Interlocked.Read(ref _lastFinalAt);
        public long LastRosterAt => Interlocked.Read(ref _lastRosterAt);

        public void Watch(string pollId, int expected)
        {
            _pollId = pollId;
            Volatile.Write(ref _expected, expected);
        }

        public void OnEvent(LoadConnection connection, string type, EventProbe? data, long receivedAt)
        {
            if (type is "roster" or "staffRoster" or "observers") Interlocked.Exchange(ref _lastRosterAt, receivedAt);
            if (type != "tally" || connection.Credential.Role != "observer" || data is null || data.Id != _pollId || data.Voters < Volatile.Read(ref _expected)) return;
            lock (_final)
            {
                if (!_final.Add(connection)) return;
                _lastFinalAt = Math.Max(_lastFinalAt, receivedAt);
                _observersWithFinal++;
            }
        }
    }
}
