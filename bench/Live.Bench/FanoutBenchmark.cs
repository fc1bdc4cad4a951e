using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Bench;

/// <summary>
/// Benchmark 1, observer fan-out: N observers of one room, a host opening a poll every second, respondents voting on
/// each poll and reacting. Measures delivery latency (the host's OpenPoll call → each observer's receipt of the poll,
/// and a respondent's Vote call → the tally that first counts it), messages/s received, and the server's CPU and RSS.
/// </summary>
public sealed class FanoutBenchmark(BenchOptions options, string repoRoot)
{
    private static readonly string[] Options = ["Yes", "No", "Not sure", "Skip"];
    private static readonly string[] Reactions = ["👍", "👎", "❤️", "😂", "😮", "🤔"];
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReactInterval = TimeSpan.FromMilliseconds(500);
    /// <summary>How long after the window polls may still arrive and count as delivered.</summary>
    private static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(15);

    /// <summary>How long the room must be quiet after the ramp (no roster traffic) before measuring.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    public async Task<List<FanoutFigures>> RunAsync()
    {
        var all = new List<FanoutFigures>();
        foreach (var n in options.Observers)
        {
            var byPeer = new Dictionary<string, FanoutFigures>();
            foreach (var peerName in options.Peers)
            {
                try
                {
                    var figures = await RunOneAsync(peerName, n);
                    Report.Line("fanout", figures.Fields());
                    byPeer[peerName] = figures;
                    all.Add(figures);
                }
                catch (Exception ex)
                {
                    Report.Line("fanout", Report.Fields(("peer", peerName), ("observers", n), ("connected", 0)) + $" error=\"{ex.GetType().Name}: {ex.Message}\"");
                    all.Add(FanoutFigures.Failed(peerName, n));
                }
            }
            if (byPeer.TryGetValue("live", out var live) && byPeer.TryGetValue("plain", out var plain))
                Report.Line("fanout", FanoutFigures.Ratio(live, plain));
        }
        return all;
    }

    private async Task<FanoutFigures> RunOneAsync(string peerName, int observers)
    {
        Report.Note($"fanout: {peerName}, {observers} observers: starting the server");
        await using var peer = peerName == "live" ? (Peer)await LivePeer.StartAsync(repoRoot) : await PlainPeer.StartAsync(repoRoot);
        var sink = new FanoutSink();
        var (room, host) = await RoomSetup.OpenAsync(peer, sink, "Fan-out benchmark");
        var (guestRamp, respondents, _) = await RoomSetup.JoinGuestsAsync(peer, room, host, sink, options.Respondents, "Respondent", options);
        var baseline = peer.Server.Sample();

        Report.Note($"fanout: {peerName}: connecting {observers} observers at ≤ {options.RampPerSecond}/s");
        var credentials = await peer.IssueAsync(room, "observer", observers, "Observer");
        var ramp = await Ramp.ConnectAsync(peer, room, credentials, sink, options.RampPerSecond, options.RampTimeout);
        // A finished handshake is not a joined observer: the server sends the snapshot once the join went through,
        // and measuring before every observer has it would time the join backlog, not the fan-out.
        var settleStarted = Stopwatch.GetTimestamp();
        await Ramp.UntilAsync(() => ramp.Connected.All(c => c.Snapshots >= 1), options.RampTimeout);
        var joined = Stopwatch.GetElapsedTime(settleStarted);
        await Ramp.UntilAsync(() => Stopwatch.GetElapsedTime(sink.LastRosterAt) > Quiet, options.RampTimeout);
        var settle = Stopwatch.GetElapsedTime(settleStarted);
        Report.Note($"fanout: {peerName}: {ramp.Connected.Count} connected in {ramp.Elapsed.TotalSeconds:0.0} s, "
            + $"{ramp.Connected.Count(c => c.Snapshots >= 1)} joined (snapshot) {joined.TotalSeconds:0.0} s later, quiet after {settle.TotalSeconds:0.0} s; measuring {options.Seconds} s");

        var serverBefore = peer.Server.Sample();
        var clientBefore = ProcessSample.Self();
        var machineBefore = MachineSample.Now();
        sink.StartMeasuring();
        var failures = await DriveAsync(host.Hub, respondents, sink, TimeSpan.FromSeconds(options.Seconds));
        var window = sink.StopMeasuring();
        var serverAfter = peer.Server.Sample();
        var clientAfter = ProcessSample.Self();
        var machineBusy = MachineSample.BusyPercent(machineBefore, MachineSample.Now());
        // Polls opened near the end of the window are still on their way: wait for every delivery (bounded), so that
        // a slow poll counts in the latencies instead of as undelivered.
        await Ramp.UntilAsync(() => sink.PollDeliveries >= (long)sink.PollsOpened * ramp.Connected.Count, DeliveryGrace);

        await peer.DisposeAsync(); // the server first, so that closing thousands of connections costs it nothing
        await Task.WhenAll(ramp.DisposeAllAsync(), guestRamp.DisposeAllAsync(), host.DisposeAsync().AsTask());

        return new FanoutFigures(peerName, observers, ramp.Connected.Count, ramp.Failed, ramp.Elapsed, settle,
            sink.PollLatency.Percentiles(), sink.TallyLatency.Percentiles(), sink.Events / window.TotalSeconds,
            sink.PollsOpened == 0 ? double.NaN : 100.0 * sink.PollDeliveries / ((double)sink.PollsOpened * ramp.Connected.Count),
            ProcessSample.CpuPercent(serverBefore, serverAfter), serverAfter.RssBytes, serverAfter.RssBytes - baseline.RssBytes,
            ProcessSample.CpuPercent(clientBefore, clientAfter), machineBusy, failures, ramp.FirstError);
    }

    /// <summary>The load: a poll a second from the host, each respondent voting once per poll and reacting twice a second.</summary>
    private static async Task<int> DriveAsync(HubConnection host, List<LoadConnection> respondents, FanoutSink sink, TimeSpan duration)
    {
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task>();
        async Task Guard(Task call)
        {
            try { await call; } catch (Exception) { Interlocked.Increment(ref failures); }
        }

        var reacting = Task.WhenAll(respondents.Select(async (r, i) =>
        {
            await Task.Delay(ReactInterval * i / Math.Max(1, respondents.Count));
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                await Guard(r.Hub.InvokeAsync("React", Reactions[i % Reactions.Length]));
                await Task.Delay(ReactInterval);
            }
        }));

        for (var k = 0; Stopwatch.GetElapsedTime(started) < duration; k++)
        {
            var due = PollInterval * k - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var openedAt = Stopwatch.GetTimestamp();
            EventProbe? poll;
            try
            {
                poll = await host.InvokeAsync<EventProbe?>("OpenPoll", FanoutSink.Question(openedAt), Options, false, false);
            }
            catch (Exception)
            {
                failures++;
                continue;
            }
            sink.PollOpened(poll!.Id!, respondents.Count);
            // Votes spread over most of the second, so the tally changes on several publishing ticks.
            for (var j = 0; j < respondents.Count; j++)
            {
                var voter = respondents[j];
                var delay = PollInterval * 0.8 * j / respondents.Count;
                pending.Add(Guard(Task.Delay(delay).ContinueWith(_ =>
                {
                    sink.VoteSent(poll.Id!);
                    return voter.Hub.InvokeAsync<EventProbe?>("Vote", poll.Id, new[] { j % Options.Length });
                }).Unwrap()));
            }
        }
        await reacting;
        await Task.WhenAll(pending);
        return failures;
    }

    /// <summary>Counts what observers receive and turns the send stamps in polls and the vote ledger into latencies.</summary>
    private sealed class FanoutSink : IEventSink
    {
        private const string Prefix = "bench ";
        private readonly ConcurrentDictionary<string, VoteLedger> _ledgers = new();
        private long _measureFrom = long.MaxValue, _measureTo = long.MaxValue;
        private long _events, _pollDeliveries, _lastRosterAt = Stopwatch.GetTimestamp();

        public LatencyRecorder PollLatency { get; } = new();
        public LatencyRecorder TallyLatency { get; } = new();
        public long Events => Interlocked.Read(ref _events);
        public long PollDeliveries => Interlocked.Read(ref _pollDeliveries);
        public int PollsOpened => _ledgers.Count;
        public long LastRosterAt => Interlocked.Read(ref _lastRosterAt);

        public static string Question(long sentAt) => Prefix + sentAt.ToString(CultureInfo.InvariantCulture);

        public void StartMeasuring() => Interlocked.Exchange(ref _measureFrom, Stopwatch.GetTimestamp());

        public TimeSpan StopMeasuring()
        {
            Interlocked.Exchange(ref _measureTo, Stopwatch.GetTimestamp());
            return Stopwatch.GetElapsedTime(_measureFrom, _measureTo);
        }

        public void PollOpened(string pollId, int voters) => _ledgers[pollId] = new VoteLedger(voters);

        public void VoteSent(string pollId)
        {
            if (_ledgers.TryGetValue(pollId, out var ledger)) ledger.Add(Stopwatch.GetTimestamp());
        }

        public void OnEvent(LoadConnection connection, string type, EventProbe? data, long receivedAt)
        {
            if (type is "roster" or "staffRoster") Interlocked.Exchange(ref _lastRosterAt, receivedAt);
            if (connection.Credential.Role != "observer") return;
            var inWindow = receivedAt >= Interlocked.Read(ref _measureFrom) && receivedAt <= Interlocked.Read(ref _measureTo);
            if (inWindow) Interlocked.Increment(ref _events);
            if (type == "poll" && data?.Question is { } q && q.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(q.AsSpan(Prefix.Length), CultureInfo.InvariantCulture, out var sentAt))
            {
                PollLatency.Add(sentAt, receivedAt);
                Interlocked.Increment(ref _pollDeliveries);
            }
            else if (type == "tally" && data is { Id: { } id, Voters: > 0 } && _ledgers.TryGetValue(id, out var ledger)
                     && ledger.SentAt(data.Voters) is { } voteSentAt)
            {
                TallyLatency.Add(voteSentAt, receivedAt);
            }
        }
    }

    /// <summary>When each vote on one poll was sent, in sending order: the tally counting c votes answers the c-th.</summary>
    private sealed class VoteLedger(int capacity)
    {
        private readonly long[] _sentAt = new long[capacity];
        private int _count;

        public void Add(long at)
        {
            var i = Interlocked.Increment(ref _count) - 1;
            if (i < _sentAt.Length) Volatile.Write(ref _sentAt[i], at);
        }

        public long? SentAt(int voters) => voters <= _sentAt.Length && Volatile.Read(ref _sentAt[voters - 1]) is var at and > 0 ? at : null;
    }
}
