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
    ILogger<SessionFanout> logger) : ISessionObserver
{
    private static readonly Counter Delivered = Metrics.CreateCounter(
        "live_gateway_events_total", "Session events routed to SignalR groups, by audience.",
        new CounterConfiguration { LabelNames = ["audience"] });

    private readonly ConcurrentDictionary<string, bool> _subscribed = new();
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
    /// Routes one event and returns once every write is queued, not once every browser has it. Orleans runs a client
    /// object's calls one at a time and waits for each, so waiting for delivery here held every later event of every
    /// session behind the slowest browser's socket (seconds of backlog at 1,000 observers). SignalR queues each
    /// connection's writes in the order the sends start, so starting them in event order keeps each browser's order.
    /// </summary>
    public async Task OnEventAsync(SessionEvent evt)
    {
        try
        {
            Delivered.WithLabels(evt.Audience.ToString()).Inc();
            var delivery = await StartSendAsync(evt);
            if (!delivery.IsCompleted) _ = ObserveDeliveryAsync(delivery, evt);
            else if (delivery.Exception is { } failed) LogRouteFailed(evt.SessionId, evt.Type, failed);
        }
        catch (Exception ex)
        {
            LogRouteFailed(evt.SessionId, evt.Type, ex);
        }
    }

    /// <summary>
    /// Changes group membership (awaited, so the next event already sees it) and starts the sends; the returned
    /// task is the delivery, which nobody here waits for.
    /// </summary>
    private async ValueTask<Task> StartSendAsync(SessionEvent evt)
    {
        var clients = hub.Clients;
        switch (evt.Audience)
        {
            case Audience.Everyone: return clients.Group(SessionGroups.Everyone(evt.SessionId)).Event(evt.Type, evt.Data);
            case Audience.Staff: return clients.Group(SessionGroups.Staff(evt.SessionId)).Event(evt.Type, evt.Data);
            case Audience.Hosts: return clients.Group(SessionGroups.Hosts(evt.SessionId)).Event(evt.Type, evt.Data);
            case Audience.Participant when evt.ParticipantId is not null:
                var ids = connections.ConnectionsOf(evt.SessionId, evt.ParticipantId);
                if (ids.Count == 0) return Task.CompletedTask;
                // A snapshot means admission changed: move the connections into or out of the audience groups first.
                if (evt is { Type: SessionEventTypes.Snapshot, Data: SessionView view })
                    foreach (var id in ids) await SetGroupsAsync(hub.Groups, id, view.SessionId, view.Me);
                return clients.Clients(ids).Event(evt.Type, evt.Data);
            default: return Task.CompletedTask;
        }
    }

    private async Task ObserveDeliveryAsync(Task delivery, SessionEvent evt)
    {
        try
        {
            await delivery;
        }
        catch (Exception ex)
        {
            LogRouteFailed(evt.SessionId, evt.Type, ex);
        }
    }

    /// <summary>Puts a connection in exactly the groups its participant's role and admission allow.</summary>
    public static async Task SetGroupsAsync(IGroupManager groups, string connectionId, string sessionId, RosterEntry me)
    {
        var allowed = me.Admission == Admission.Admitted ? SessionGroups.For(sessionId, me.Role).ToHashSet() : [];
        foreach (var group in SessionGroups.All(sessionId))
        {
            if (allowed.Contains(group)) await groups.AddToGroupAsync(connectionId, group);
            else await groups.RemoveFromGroupAsync(connectionId, group);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from session {SessionId}")]
    private partial void LogUnsubscribeFailed(string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: not every session subscription was released within {Timeout}")]
    private partial void LogReleaseAllTimedOut(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the subscription to session {SessionId}")]
    private partial void LogRefreshFailed(string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not route event {Type} of session {SessionId}")]
    private partial void LogRouteFailed(string sessionId, string type, Exception ex);
}
