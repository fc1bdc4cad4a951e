using Microsoft.Extensions.Logging;

namespace Live.Media.Sfu;

/// <summary>
/// What becomes of an exception a packet handler threw. The UDP receive loops and TCP connection readers survive it
/// (one bad packet must not stop the port), which used to leave nothing but a counter nobody exported; now each is
/// counted in <c>live_sfu_packet_handler_faults_total{reason}</c> (the exception's type) and logged, at most once per
/// <see cref="LogInterval"/> per type with the number left unlogged since that type's last line: a packet that makes a
/// handler throw every time it arrives cannot flood the log, and the first one of a kind is logged at once.
/// </summary>
/// <remarks>
/// Thread-safe: every UDP receive loop, packet lane and TCP reader reports here. The table holds one entry per exception type
/// the handlers have thrown, which code bounds, not traffic. Faults left unlogged after a type's last line are reported
/// with its next fault; the metric has them all.
/// </remarks>
internal sealed partial class PacketHandlerFaults(ILogger logger, TimeProvider time)
{
    /// <summary>The least time between two log lines about one exception type.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<Type, Window> _windows = [];

    /// <summary>Counts <paramref name="fault"/> and logs it unless its type was logged less than <see cref="LogInterval"/> ago.</summary>
    /// <param name="path">Where the packet came in: <c>udp</c> or <c>tcp</c>.</param>
    public void Report(Exception fault, string path)
    {
        Type type = fault.GetType();
        SfuMetrics.HandlerFaulted(type.Name);

        long now = time.GetTimestamp();
        long unlogged;
        lock (_lock)
        {
            if (_windows.TryGetValue(type, out Window? window) && time.GetElapsedTime(window.LastLogged, now) < LogInterval)
            {
                window.Unlogged++;
                return;
            }

            window ??= _windows[type] = new Window();
            unlogged = window.Unlogged;
            window.LastLogged = now;
            window.Unlogged = 0;
        }

        LogFault(logger, fault, path, type.Name, unlogged, (int)LogInterval.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "An SFU {Path} packet handler threw {ExceptionType}; the packet was dropped ({Unlogged} more of this type since the last such line; at most one line per {IntervalSeconds} s)")]
    private static partial void LogFault(ILogger logger, Exception exception, string path, string exceptionType, long unlogged, int intervalSeconds);

    private sealed class Window
    {
        public long LastLogged;
        public long Unlogged;
    }
}
