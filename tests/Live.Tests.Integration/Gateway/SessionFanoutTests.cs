using Live.Gateway.Fanout;
using Live.Gateway.Hubs;
using Live.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// The gateway's event routing must not wait for browsers: Orleans hands a client object its calls one at a time, so
/// an event that waited for the slowest socket held every later event of every session (seconds at 1,000 observers).
/// </summary>
[Trait("Category", "Gateway")]
public sealed class SessionFanoutTests
{
    [Fact]
    public async Task OnEvent_DeliveryStillPending_ReturnsAndRoutesTheNextEventInOrder()
    {
        var hub = new RecordingHubContext();
        await using var lanes = new FanoutLanes(1, NullLogger<FanoutLanes>.Instance);
        var fanout = new SessionFanout(null!, hub, new ConnectionRegistry(), lanes, new EventSequencer(TimeProvider.System), new FakeViews(), NullLogger<SessionFanout>.Instance);

        var first = fanout.OnEventAsync(new SessionEvent("s1", Audience.Everyone, SessionEventTypes.Poll, "first"));
        var second = fanout.OnEventAsync(new SessionEvent("s1", Audience.Staff, SessionEventTypes.Tally, "second"));

        Assert.True(first.IsCompletedSuccessfully, "the first event's call waited for its delivery");
        Assert.True(second.IsCompletedSuccessfully, "the second event's call waited for its delivery");
        await hub.WaitForAsync(2);
        Assert.Equal(["s1:everyone:0 poll first", "s1:staff:0 tally second"], hub.Sent);
        hub.FailDeliveries(new IOException("socket closed"));
    }

    [Fact]
    public async Task EveryLaneSendsToItsShare_AndAConnectionsGroupChangeComesBeforeItsLaterEvents()
    {
        var hub = new RecordingHubContext();
        var registry = new ConnectionRegistry();
        await using var lanes = new FanoutLanes(3, NullLogger<FanoutLanes>.Instance);
        var fanout = new SessionFanout(null!, hub, registry, lanes, new EventSequencer(TimeProvider.System), new FakeViews(), NullLogger<SessionFanout>.Instance);
        registry.Add("s1", "riley", "conn-riley");
        var lane = lanes.LaneOf("conn-riley");
        Assert.Equal(lane, lanes.LaneOf("conn-riley"));

        var admitted = new SessionView
        {
            SessionId = "s1", Title = "t", Kind = SessionKind.FocusGroup, Phase = SessionPhase.Live,
            Me = new RosterEntry("riley", "Riley", Role.Respondent, Admission.Admitted, true, Consent.NotAsked),
        };
        await fanout.OnEventAsync(new SessionEvent("s1", Audience.Participant, SessionEventTypes.Snapshot, admitted, "riley"));
        await fanout.OnEventAsync(new SessionEvent("s1", Audience.Everyone, SessionEventTypes.Poll, "open"));
        await hub.WaitForAsync(3 + 1 + 3);

        // Each lane's group got the poll once; Riley's lane first put Riley in its groups and sent the snapshot.
        Assert.Equal(Enumerable.Range(0, 3).Select(k => $"s1:everyone:{k} poll open").Order(), hub.Sent.Where(e => e.EndsWith(" poll open")).Order());
        var riley = hub.Sent.Where(e => e.Contains("conn-riley") || e.StartsWith($"s1:everyone:{lane} ")).ToList();
        Assert.Equal(
        [
            $"add conn-riley s1:everyone:{lane}", $"remove conn-riley s1:staff:{lane}", $"remove conn-riley s1:hosts:{lane}",
            "conn-riley snapshot", $"s1:everyone:{lane} poll open",
        ], riley);
    }

    [Fact]
    public async Task AGapInTheSessionsEvents_SendsEveryParticipantThereAFreshSnapshot_AndHeartbeatsAreNotForwarded()
    {
        var hub = new RecordingHubContext();
        var registry = new ConnectionRegistry();
        var clock = new FakeTimeProvider();
        var views = new FakeViews();
        await using var lanes = new FanoutLanes(1, NullLogger<FanoutLanes>.Instance);
        var fanout = new SessionFanout(null!, hub, registry, lanes, new EventSequencer(clock), views, NullLogger<SessionFanout>.Instance);
        registry.Add("s1", "hana", "conn-hana");
        registry.Add("s1", "riley", "conn-riley"); // waiting in the lobby: in no group, but resynced too
        registry.Add("s2", "omar", "conn-omar");

        await fanout.OnEventAsync(Numbered("s1", 7, 1, SessionEventTypes.Poll));
        await fanout.OnEventAsync(Numbered("s1", 7, 2, SessionEventTypes.Heartbeat, Audience.Gateways));
        await fanout.OnEventAsync(Numbered("s1", 7, 3, SessionEventTypes.Prompt));
        await hub.WaitForAsync(2);
        Assert.Equal(["s1:everyone:0 poll", "s1:everyone:0 prompt"], hub.Sent); // in order, no heartbeat, no snapshot
        Assert.Equal(0, views.Reads);

        await fanout.OnEventAsync(Numbered("s1", 7, 5, SessionEventTypes.Tally, Audience.Staff)); // 4 never comes
        fanout.ReleaseExpiredGaps();
        await Task.Delay(100);
        Assert.Equal(2, hub.Sent.Count); // the tally waits for 4, for a while
        // Hana's first read is older than what was routed (it includes only up to 3): it is read again.
        views.Position = (id, read) => id == "hana" && read == 1 ? (7, 3) : (7, 5);
        clock.Advance(EventSequencer.GapTimeout);
        fanout.ReleaseExpiredGaps();
        await hub.WaitForAsync(2 + 3 + 1 + 3 + 1 + 1);

        Assert.Equal(3, views.Reads);
        Assert.Single(hub.Sent, "conn-hana snapshot");
        Assert.Single(hub.Sent, "conn-riley snapshot");
        Assert.Single(hub.Sent, "s1:staff:0 tally");
        // Groups are set again before the snapshot: an admission may be among what was lost.
        Assert.True(hub.Sent.IndexOf("add conn-hana s1:staff:0") < hub.Sent.IndexOf("conn-hana snapshot"));
        Assert.Contains("remove conn-riley s1:everyone:0", hub.Sent);
        Assert.DoesNotContain(hub.Sent, e => e.Contains("conn-omar"));

        var before = hub.Sent.Count;
        views.Position = (_, _) => (9, 1);
        await fanout.OnEventAsync(Numbered("s1", 9, 1, SessionEventTypes.Heartbeat, Audience.Gateways)); // a new activation
        await hub.WaitForAsync(before + 3 + 1 + 3 + 1);
        Assert.Equal(2, hub.Sent.Skip(before).Count(e => e.EndsWith(" snapshot")));
    }

    /// <summary>Views as the session grain would return them, at a place in its event stream the test chooses.</summary>
    private sealed class FakeViews : ISessionViews
    {
        private readonly Dictionary<string, int> _reads = [];

        public Func<string, int, (long Stream, long Seq)> Position { get; set; } = (_, _) => (0, 0);
        public int Reads { get { lock (_reads) return _reads.Values.Sum(); } }

        public Task<SessionView> GetViewAsync(string sessionId, string participantId)
        {
            int read;
            lock (_reads) read = _reads[participantId] = _reads.GetValueOrDefault(participantId) + 1;
            var (stream, seq) = Position(participantId, read);
            var me = participantId == "hana"
                ? new RosterEntry("hana", "Hana", Role.Host, Admission.Admitted, true, Consent.NotAsked)
                : new RosterEntry(participantId, participantId, Role.Respondent, Admission.Waiting, true, Consent.NotAsked);
            return Task.FromResult(new SessionView
            {
                SessionId = sessionId, Title = "t", Kind = SessionKind.FocusGroup, Phase = SessionPhase.Live, Me = me,
                EventStream = stream, EventSeq = seq,
            });
        }
    }

    private static SessionEvent Numbered(string session, long stream, long seq, string type, Audience audience = Audience.Everyone) =>
        new(session, audience, type, null) { Stream = stream, Seq = seq };

    /// <summary>A recorded send with its connection list in order (a lane's connections come in any order).</summary>
    private static string Sorted(string entry)
    {
        var space = entry.IndexOf(' ');
        return string.Join(",", entry[..space].Split(',').Order()) + entry[space..];
    }

    /// <summary>A hub context whose group sends are recorded in call order and stay pending until told otherwise.</summary>
    private sealed class RecordingHubContext : IHubContext<SessionHub, ISessionClient>
    {
        private readonly RecordingClients _clients = new();

        public List<string> Sent => _clients.Sent;

        public void FailDeliveries(Exception ex) => _clients.Delivered.SetException(ex);

        public async Task WaitForAsync(int count)
        {
            for (var i = 0; i < 500 && Count() < count; i++) await Task.Delay(10);
            Assert.Equal(count, Count());
            int Count() { lock (Sent) return Sent.Count; }
        }

        public IHubClients<ISessionClient> Clients => _clients;
        public IGroupManager Groups => new RecordingGroups(_clients);
    }

    private sealed class RecordingGroups(RecordingClients owner) : IGroupManager
    {
        public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
            owner.Record($"add {connectionId} {groupName}");

        public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
            owner.Record($"remove {connectionId} {groupName}");
    }

    private sealed class RecordingClients : IHubClients<ISessionClient>
    {
        public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Sent { get; } = [];

        public Task Record(string entry)
        {
            lock (Sent) Sent.Add(entry);
            return Task.CompletedTask;
        }

        public ISessionClient Group(string groupName) => new PendingClient(this, groupName);
        public ISessionClient All => throw new NotSupportedException();
        public ISessionClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public ISessionClient Client(string connectionId) => throw new NotSupportedException();
        public ISessionClient Clients(IReadOnlyList<string> connectionIds) => new PendingClient(this, string.Join(",", connectionIds));
        public ISessionClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public ISessionClient Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
        public ISessionClient User(string userId) => throw new NotSupportedException();
        public ISessionClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class PendingClient(RecordingClients owner, string group) : ISessionClient
    {
        public Task Event(string type, object? data)
        {
            owner.Record(data is null || type == SessionEventTypes.Snapshot ? $"{group} {type}" : $"{group} {type} {data}");
            return owner.Delivered.Task;
        }
    }
}
