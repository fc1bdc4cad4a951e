using System.Text.Json;
using Live.Sessions;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// A live focus group over a <see cref="ProcessCluster"/>: a host, respondents and observers spread over the gateways,
/// and a bounded load of prompts, votes, notes and reactions, every write entered in a <see cref="WriteLedger"/>.
/// </summary>
public sealed class FocusGroupLoad : IAsyncDisposable
{
    /// <summary>Longest wait for one hub call; a call that takes longer counts as not acknowledged.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound of writes per client loop, whatever the duration.</summary>
    private const int MaxIterations = 2_000;

    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stop;

    private readonly ProcessCluster _cluster;

    private FocusGroupLoad(ProcessCluster cluster, string sessionId, FailoverClient host, List<FailoverClient> respondents, List<FailoverClient> observers, string pollId)
    {
        _cluster = cluster;
        SessionId = sessionId;
        Host = host;
        Respondents = respondents;
        Observers = observers;
        PollId = pollId;
    }

    public string SessionId { get; }
    public FailoverClient Host { get; }
    public List<FailoverClient> Respondents { get; }
    public List<FailoverClient> Observers { get; }
    public string PollId { get; }
    public WriteLedger Ledger { get; } = new();
    public IEnumerable<FailoverClient> Everyone => [Host, .. Respondents, .. Observers];
    public IEnumerable<FailoverClient> Voters => [.. Respondents, .. Observers];

    /// <summary>Creates the session, connects everyone (alternating gateways), goes live, admits respondents, opens a poll.</summary>
    public static async Task<FocusGroupLoad> StartAsync(ProcessCluster cluster, int respondents, int observers)
    {
        var session = await cluster.CreateSessionAsync("Failover study", "Warm-up", "First task", "Wrap-up");
        var urls = cluster.GatewayUrls;
        async Task<FailoverClient> JoinAsync(Role role, string name, int gateway)
        {
            var invite = await cluster.InviteAsync(session.Id, role, name);
            return await FailoverClient.ConnectAsync(urls, gateway % urls.Count, invite.Token, invite.ParticipantId, name);
        }

        var host = await JoinAsync(Role.Host, "Hana", 0);
        await host.InvokeAsync("GoLive", CallTimeout);
        var guests = await Task.WhenAll(Enumerable.Range(0, respondents).Select(i => JoinAsync(Role.Respondent, $"Respondent {i + 1}", i + 1)));
        foreach (var guest in guests) await host.InvokeAsync("Admit", CallTimeout, guest.Id);
        var watchers = new List<FailoverClient>();
        for (var batch = 0; batch < observers; batch += 10)
            watchers.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(10, observers - batch))
                .Select(i => JoinAsync(Role.Observer, $"Observer {i + 1}", i))));
        var poll = await host.InvokeAsync<JsonElement>("OpenPoll", CallTimeout, "Which checkout felt fastest?", new[] { "A", "B", "C" }, false, true);
        return new FocusGroupLoad(cluster, session.Id, host, [.. guests], watchers, poll.GetProperty("id").GetString()!);
    }

    /// <summary>Starts the write loops: the host shows prompts, voters vote and react, observers also take notes.</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource(TimeSpan.FromMinutes(30)); // a hard bound even if a test forgets to stop
        var stop = _stop.Token;
        _loops.Add(Task.Run(() => HostLoopAsync(stop)));
        var seed = 0;
        foreach (var voter in Voters)
        {
            var random = new Random(++seed);
            var observer = Observers.Contains(voter);
            _loops.Add(Task.Run(() => VoterLoopAsync(voter, observer, random, stop)));
        }
    }

    /// <summary>Stops the loops and waits for their last calls.</summary>
    public async Task StopAsync()
    {
        _stop?.Cancel();
        await Task.WhenAll(_loops);
        _loops.Clear();
    }

    private async Task HostLoopAsync(CancellationToken stop)
    {
        for (var n = 1; n <= MaxIterations && !stop.IsCancellationRequested; n++)
        {
            var text = $"Prompt {n}";
            Ledger.PromptAttempted(text);
            try
            {
                await Host.InvokeAsync<JsonElement>("ShowPrompt", CallTimeout, text);
                Ledger.PromptAcknowledged(text);
            }
            catch (Exception) { Ledger.Failure(); }
            await Pause(400, stop);
        }
    }

    private async Task VoterLoopAsync(FailoverClient voter, bool observer, Random random, CancellationToken stop)
    {
        for (var n = 1; n <= MaxIterations && !stop.IsCancellationRequested; n++)
        {
            var choice = random.Next(3);
            Ledger.VoteAttempted(voter.Id, choice);
            try
            {
                await voter.InvokeAsync<JsonElement>("Vote", CallTimeout, PollId, new[] { choice });
                Ledger.VoteAcknowledged(voter.Id, choice);
                if (n % 2 == 0)
                {
                    await voter.InvokeAsync("React", CallTimeout, "👍");
                    Ledger.ReactionAcknowledged();
                }
                if (observer && n % 3 == 0)
                {
                    var note = await voter.InvokeAsync<JsonElement>("AddNote", CallTimeout, $"{voter.Name}: note {n}");
                    Ledger.NoteAcknowledged(note.GetProperty("id").GetString()!, note.GetProperty("text").GetString()!);
                }
            }
            catch (Exception) { Ledger.Failure(); }
            await Pause(700 + random.Next(600), stop);
        }
    }

    private static async Task Pause(int milliseconds, CancellationToken stop)
    {
        try { await Task.Delay(milliseconds, stop); } catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Waits for the host loop to have a prompt acknowledged after this call, then for that prompt to reach every
    /// client; returns the text. Proves that events flow from the session to both gateways' browsers.
    /// </summary>
    public async Task<string> NextPromptReachesEveryoneAsync(TimeSpan timeout)
    {
        var marks = Everyone.ToDictionary(c => c, c => c.ReceivedCount);
        // The second prompt acknowledged from now on was certainly published after the marks were taken.
        await Ledger.NextAcknowledgedPromptAsync(timeout);
        var text = await Ledger.NextAcknowledgedPromptAsync(timeout);
        await Task.WhenAll(Everyone.Select(c => c.WaitForAsync("prompt", e => e.GetProperty("text").GetString() == text, timeout, marks[c])));
        return text;
    }

    /// <summary>Compares every acknowledged write with the final state; returns the lost writes, described.</summary>
    /// <remarks>Notes are read in full through the export (a snapshot carries only the latest 500).</remarks>
    public async Task<List<string>> CheckAsync()
    {
        var lost = new List<string>();
        var hostView = await SnapshotAsync(Host);
        var notes = await _cluster.ExportNotesAsync(SessionId);
        lost.AddRange(Ledger.MissingNotes(notes).Select(id => $"note {id}"));
        if (!Ledger.PromptKept(hostView)) lost.Add("prompt " + hostView.GetProperty("prompt"));
        var views = await Task.WhenAll(Voters.Select(async voter => (voter, view: await SnapshotAsync(voter))));
        lost.AddRange(views.Where(v => !Ledger.VoteKept(v.voter.Id, PollId, v.view)).Select(v => $"vote of {v.voter.Name}"));
        return lost;
    }

    /// <summary>A participant's snapshot, asked up to three times: on a starved machine one call may time out.</summary>
    private static async Task<JsonElement> SnapshotAsync(FailoverClient client)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.InvokeAsync<JsonElement>("GetSnapshot", CallTimeout);
            }
            catch (Exception ex) when (attempt < 3 && ex is OperationCanceledException or Microsoft.AspNetCore.SignalR.HubException)
            {
                Console.WriteLine($"[failover] snapshot of {client.Name} on {client.Gateway} failed ({ex.GetType().Name}); asking again");
            }
        }
    }

    /// <summary>
    /// Every respondent and observer closes their connection; returns how long it took until the host's roster showed
    /// none of them present (null if some still were after <paramref name="timeout"/>) and who was still shown present.
    /// </summary>
    public async Task<(long? Milliseconds, List<string> StillPresent)> EveryoneButTheHostLeavesAsync(TimeSpan timeout)
    {
        foreach (var voter in Voters) await voter.DisposeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<string> present;
        do
        {
            present = (await SnapshotAsync(Host)).GetProperty("roster").EnumerateArray()
                .Where(e => e.GetProperty("present").GetBoolean() && e.GetProperty("participantId").GetString() != Host.Id)
                .Select(e => e.GetProperty("displayName").GetString()!).ToList();
            if (present.Count == 0) return (clock.ElapsedMilliseconds, present);
            await Task.Delay(500);
        }
        while (clock.Elapsed < timeout);
        return (null, present);
    }

    /// <summary>The sum of the reaction totals in the host's view.</summary>
    public async Task<long> ReactionTotalAsync()
    {
        var hostView = await SnapshotAsync(Host);
        return hostView.GetProperty("reactions").EnumerateObject().Sum(r => r.Value.GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        _stop?.Cancel();
        foreach (var client in Everyone) await client.DisposeAsync();
        _stop?.Dispose();
    }
}
