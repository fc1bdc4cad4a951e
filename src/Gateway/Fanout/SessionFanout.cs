using System.Collections.Concurrent;
using Live.Gateway.Hubs;
using Live.Sessions;
using Microsoft.AspNetCore.SignalR;
using Prometheus;

namespace Live.Gateway.Fanout;

/// <summary>
/// This gateway's bridge from session grains to browsers: one grain-observer subscription per session that has
/// connections here (never one per browser), and routing of each event to the SignalR group of its audience.
/// </summary>
public sealed partial class SessionFanout(
    IGrainFactory grains,
    IHubContext<SessionHub, ISessionClient> hub,
    ConnectionRegistry connections,
    FanoutLanes lanes,
    EventSequencer sequencer,
    ISessionViews views,
    ILogger<SessionFanout> logger) : ISessionObserver
{
    private static readonly Counter Delivered = Metrics.CreateCounter(
        "live_gateway_events_total", "Session events routed to SignalR groups, by audience.",
        new CounterConfiguration { LabelNames = ["audience"] });

    private static readonly Counter Resyncs = Metrics.CreateCounter(
        "live_gateway_resyncs_total", "Times a session's event stream had a gap here (a lost event, or a new activation) and its browsers were sent a fresh snapshot.");

    /// <summary>Snapshot reads in flight for resyncs at most: a room of 10,000 resyncing must not flood its grain.</summary>
    private const int ResyncReadsInFlight = 16;

    /// <summary>A snapshot older than the events already routed is read again, this many times at most.</summary>
    private const int ResyncAttempts = 5;

    private readonly ConcurrentDictionary<string, bool> _subscribed = new();
    private readonly SemaphoreSlim _resyncReads = new(ResyncReadsInFlight);
    private ISessionObserver? _self;

    /// <summary>The grain reference of this observer, created once per gateway.</summary>
    /// <remarks>Hubs connect concurrently; a plain <c>??=</c> could hand two references of one gateway to a session.</remarks>
    private ISessionObserver Self => LazyInitializer.EnsureInitialized(ref _self, () => grains.CreateObjectReference<ISessionObserver>(this));

    /// <summary>Subscribes to a session the first time one of its participants connects here.</summary>
    public async Task EnsureSubscribedAsync(string sessionId)
    {
        if (_subscribed.ContainsKey(sessionId)) return;
        await grains.GetGrain<ISessionGrain>(sessionId).SubscribeAsync(Self);
        _subscribed[sessionId] = true;
    }

    /// <summary>Drops the subscription when the session's last connection here has gone.</summary>
    public async Task ReleaseAsync(string sessionId)
    {
        if (!_subscribed.TryRemove(sessionId, out _)) return;
        sequencer.Forget(sessionId);
        try
        {
            await grains.GetGrain<ISessionGrain>(sessionId).UnsubscribeAsync(Self);
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(sessionId, ex);
        }
    }

    /// <summary>
    /// Drops every subscription of this gateway, when it shuts down: the sessions stop sending it events at once
    /// instead of until the subscriptions expire. Bounded, so a dead silo cannot hold the shutdown.
    /// </summary>
    public async Task ReleaseAllAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_subscribed.Keys.Select(ReleaseAsync)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            LogReleaseAllTimedOut(timeout);
        }
    }

    /// <summary>Renews every subscription before the grain's expiry drops it.</summary>
    public async Task RefreshAsync()
    {
        foreach (var sessionId in _subscribed.Keys)
        {
            try
            {
                await grains.GetGrain<ISessionGrain>(sessionId).SubscribeAsync(Self);
            }
            catch (Exception ex)
            {
                LogRefreshFailed(sessionId, ex);
            }
        }
    }

    /// <summary>
    /// Takes one event: puts it back in its session's order (<see cref="EventSequencer"/>), then queues its sends on the
    /// sending lanes and returns, without waiting for any browser. Orleans runs a client object's calls one at a time
    /// and waits for each, so waiting here held every later event of every session behind the slowest socket, and
    /// pushing here did all the pushing on one thread.
    /// </summary>
    public Task OnEventAsync(SessionEvent evt)
    {
        Delivered.WithLabels(evt.Audience.ToString()).Inc();
        sequencer.Accept(evt, Route);
        return Task.CompletedTask;
    }

    /// <summary>Gives up on gaps that lasted too long (called on a timer): what was held goes out, and browsers resync.</summary>
    public void ReleaseExpiredGaps() => sequencer.ReleaseExpired(Route);

    private void Route(EventSequencer.Release release)
    {
        if (release.Resync) Resync(release.SessionId);
        foreach (var evt in release.Ready)
        {
            try
            {
                Route(evt);
            }
            catch (Exception ex)
            {
                LogRouteFailed(evt.SessionId, evt.Type, ex);
            }
        }
    }

    private void Route(SessionEvent evt)
    {
        var clients = hub.Clients;
        switch (evt.Audience)
        {
            case Audience.Everyone: ToEveryLane(evt, lane => clients.Group(SessionGroups.Everyone(evt.SessionId, lane))); break;
            case Audience.Staff: ToEveryLane(evt, lane => clients.Group(SessionGroups.Staff(evt.SessionId, lane))); break;
            case Audience.Hosts: ToEveryLane(evt, lane => clients.Group(SessionGroups.Hosts(evt.SessionId, lane))); break;
            case Audience.Participant when evt.ParticipantId is not null:
                foreach (var lane in connections.ConnectionsOf(evt.SessionId, evt.ParticipantId).GroupBy(lanes.LaneOf))
                {
                    var ids = lane.ToList();
                    lanes.Post(lane.Key, evt.SessionId, evt.Type, async () =>
                    {
                        // A snapshot means admission changed: move the connections into or out of the audience
                        // groups before anything else is sent to them (their lane waits for this).
                        if (evt is { Type: SessionEventTypes.Snapshot, Data: SessionView view })
                            foreach (var id in ids) await SetGroupsAsync(hub.Groups, id, view.SessionId, view.Me);
                        return clients.Clients(ids).Event(evt.Type, evt.Data);
                    });
                }
                break;
            // Audience.Gateways: the stream's heartbeat; the sequencer has seen it, browsers never do.
        }
    }

    /// <summary>
    /// Events that never came (a silo died with them in flight, a subscription lapsed) would leave browsers with a
    /// stale room: every participant of the session here, lobby guests included, gets a fresh snapshot instead, queued
    /// on their lane at its place among the events (see <see cref="EventSequencer.PostIfCurrent"/>), with their groups
    /// set again first (an admission may be among what was lost).
    /// </summary>
    private void Resync(string sessionId)
    {
        Resyncs.Inc();
        LogResync(sessionId);
        foreach (var (participantId, ids) in connections.ParticipantsIn(sessionId)) _ = ResyncAsync(sessionId, participantId, ids);
    }

    private async Task ResyncAsync(string sessionId, string participantId, IReadOnlyList<string> ids)
    {
        await _resyncReads.WaitAsync();
        try
        {
            for (var attempt = 1; attempt <= ResyncAttempts; attempt++)
            {
                var view = await views.GetViewAsync(sessionId, participantId);
                if (sequencer.PostIfCurrent(sessionId, view.EventStream, view.EventSeq, () => PostSnapshot(sessionId, ids, view))) return;
            }
            LogResyncGaveUp(sessionId, participantId, ResyncAttempts);
        }
        catch (Exception ex)
        {
            LogResyncFailed(sessionId, participantId, ex);
        }
        finally
        {
            _resyncReads.Release();
        }
    }

    private void PostSnapshot(string sessionId, IReadOnlyList<string> ids, SessionView view)
    {
        foreach (var lane in ids.GroupBy(lanes.LaneOf))
        {
            var laneIds = lane.ToList();
            lanes.Post(lane.Key, sessionId, SessionEventTypes.Snapshot, async () =>
            {
                foreach (var id in laneIds) await SetGroupsAsync(hub.Groups, id, sessionId, view.Me);
                return hub.Clients.Clients(laneIds).Event(SessionEventTypes.Snapshot, view);
            });
        }
    }

    private void ToEveryLane(SessionEvent evt, Func<int, ISessionClient> group)
    {
        for (var lane = 0; lane < lanes.Count; lane++)
        {
            var audience = group(lane);
            lanes.Post(lane, evt.SessionId, evt.Type, () => ValueTask.FromResult(audience.Event(evt.Type, evt.Data)));
        }
    }

    /// <summary>Puts a connection in exactly the groups (of its lane) its participant's role and admission allow.</summary>
    public async Task SetGroupsAsync(IGroupManager groups, string connectionId, string sessionId, RosterEntry me)
    {
        var lane = lanes.LaneOf(connectionId);
        var allowed = me.Admission == Admission.Admitted ? SessionGroups.For(sessionId, me.Role, lane).ToHashSet() : [];
        foreach (var group in SessionGroups.All(sessionId, lane))
        {
            if (allowed.Contains(group)) await groups.AddToGroupAsync(connectionId, group);
            else await groups.RemoveFromGroupAsync(connectionId, group);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: events missing or a new activation; its browsers here get a fresh snapshot")]
    private partial void LogResync(string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the snapshot for {ParticipantId} stayed older than the routed events after {Attempts} reads")]
    private partial void LogResyncGaveUp(string sessionId, string participantId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: could not resync {ParticipantId}")]
    private partial void LogResyncFailed(string sessionId, string participantId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from session {SessionId}")]
    private partial void LogUnsubscribeFailed(string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: not every session subscription was released within {Timeout}")]
    private partial void LogReleaseAllTimedOut(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the subscription to session {SessionId}")]
    private partial void LogRefreshFailed(string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not route event {Type} of session {SessionId}")]
    private partial void LogRouteFailed(string sessionId, string type, Exception ex);
}
