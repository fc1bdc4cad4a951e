using Orleans.Concurrency;

namespace Live.Sessions;

/// <summary>
/// A gateway's single subscription to one session. The session grain calls it for every event; the gateway
/// routes the event to the SignalR group of its audience.
/// </summary>
[Alias("Live.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>Delivers one event; one-way so a slow gateway never holds the grain.</summary>
    [OneWay, Alias("OnEvent")]
    Task OnEventAsync(SessionEvent evt);
}
