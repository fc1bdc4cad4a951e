using System.Diagnostics;

namespace Live.SfuLoad;

/// <summary>One timer drives every transport's ICE schedule, instead of a timer each.</summary>
public static class TransportClock
{
    private static readonly Lock s_gate = new();
    // Copied on change (a few hundred times per run) so the tick iterates without locking or allocating.
    private static PeerTransport[] s_transports = [];
    private static readonly Timer s_timer = new(_ => Tick(), null, 20, 20);

    public static void Register(PeerTransport transport)
    {
        lock (s_gate) s_transports = [.. s_transports, transport];
    }

    public static void Unregister(PeerTransport transport)
    {
        lock (s_gate) s_transports = s_transports.Where(t => t != transport).ToArray();
    }

    private static void Tick()
    {
        GC.KeepAlive(s_timer);
        long now = Stopwatch.GetTimestamp();
        foreach (var transport in Volatile.Read(ref s_transports)) transport.Tick(now);
    }
}
