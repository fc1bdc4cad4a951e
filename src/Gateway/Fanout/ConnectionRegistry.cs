using System.Collections.Concurrent;
using Prometheus;

namespace Live.Gateway.Fanout;

/// <summary>The SignalR connections this gateway holds, per session and participant.</summary>
public sealed class ConnectionRegistry
{
    private static readonly Gauge Connections = Metrics.CreateGauge(
        "live_hub_connections", "SignalR connections of joined participants on this gateway.");

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>> _sessions = new();

    // Touching the gauge here publishes it as soon as the gateway starts, not at its first connection: a static
    // field of a class without a static constructor is only initialised when first read.
    public ConnectionRegistry() => Connections.Inc(0);

    public void Add(string sessionId, string participantId, string connectionId)
    {
        if (_sessions.GetOrAdd(sessionId, _ => new()).GetOrAdd(participantId, _ => new()).TryAdd(connectionId, 0)) Connections.Inc();
    }

    /// <summary>Removes a connection; returns true when it was the session's last one on this gateway.</summary>
    public bool Remove(string sessionId, string participantId, string connectionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var participants)) return true;
        if (participants.TryGetValue(participantId, out var connections))
        {
            if (connections.TryRemove(connectionId, out _)) Connections.Dec();
            if (connections.IsEmpty) participants.TryRemove(participantId, out _);
        }
        if (!participants.IsEmpty) return false;
        _sessions.TryRemove(sessionId, out _);
        return true;
    }

    public IReadOnlyList<string> ConnectionsOf(string sessionId, string participantId) =>
        _sessions.TryGetValue(sessionId, out var participants) && participants.TryGetValue(participantId, out var connections)
            ? [.. connections.Keys]
            : [];

    /// <summary>Every participant of a session with connections on this gateway (lobby guests included), and those connections.</summary>
    public IReadOnlyList<(string ParticipantId, IReadOnlyList<string> Connections)> ParticipantsIn(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var participants)
            ? [.. participants.Select(p => (p.Key, (IReadOnlyList<string>)[.. p.Value.Keys])).Where(p => p.Item2.Count > 0)]
            : [];

    public IReadOnlyCollection<string> Sessions => [.. _sessions.Keys];

    public int ConnectionCount => _sessions.Values.Sum(p => p.Values.Sum(c => c.Count));
}
