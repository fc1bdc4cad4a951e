using System.Threading.Channels;
using Prometheus;

namespace Live.Gateway.Fanout;

/// <summary>
/// The gateway's sending lanes. Each connection belongs to one lane (by its id) and each lane starts its sends in
/// order on its own task, so a busy room's events are pushed to its sockets by every core at once while every browser
/// still gets its events in the order its session published them. Orleans hands the gateway's observer its events
/// one at a time: with the pushing done inside that call, one thread did all of it (a whole core at 5,000 observers,
/// while the room's events queued behind it).
/// </summary>
public sealed partial class FanoutLanes : IAsyncDisposable
{
    private static readonly Gauge Backlog = Metrics.CreateGauge(
        "live_gateway_fanout_backlog", "Session events waiting in the gateway's sending lanes (one entry per lane).");

    private readonly Channel<Send>[] _lanes;
    private readonly Task[] _workers;
    private readonly ILogger<FanoutLanes> _logger;

    /// <summary>One send to start: returns the delivery, which nobody waits for (it is only logged when it fails).</summary>
    private sealed record Send(string SessionId, string Type, Func<ValueTask<Task>> Start);

    public FanoutLanes(ILogger<FanoutLanes> logger) : this(Environment.ProcessorCount, logger) { }

    public FanoutLanes(int count, ILogger<FanoutLanes> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _logger = logger;
        _lanes = [.. Enumerable.Range(0, count).Select(_ => Channel.CreateUnbounded<Send>(new UnboundedChannelOptions { SingleReader = true }))];
        _workers = [.. _lanes.Select(lane => Task.Run(() => RunAsync(lane.Reader)))];
    }

    public int Count => _lanes.Length;

    /// <summary>The lane of a connection: the same for its whole life, so its events keep their order.</summary>
    public int LaneOf(string connectionId) => (int)((uint)connectionId.GetHashCode() % (uint)_lanes.Length);

    /// <summary>Queues a send on a lane; it starts after every send queued on that lane before it.</summary>
    public void Post(int lane, string sessionId, string type, Func<ValueTask<Task>> start)
    {
        if (_lanes[lane].Writer.TryWrite(new Send(sessionId, type, start))) Backlog.Inc();
        else LogLaneClosed(sessionId, type);
    }

    private async Task RunAsync(ChannelReader<Send> lane)
    {
        while (await lane.WaitToReadAsync())
        {
            while (lane.TryRead(out var send))
            {
                Backlog.Dec();
                try
                {
                    var delivery = await send.Start();
                    if (!delivery.IsCompleted) _ = ObserveDeliveryAsync(delivery, send);
                    else if (delivery.Exception is { } failed) LogRouteFailed(send.SessionId, send.Type, failed);
                }
                catch (Exception ex)
                {
                    LogRouteFailed(send.SessionId, send.Type, ex);
                }
            }
        }
    }

    private async Task ObserveDeliveryAsync(Task delivery, Send send)
    {
        try
        {
            await delivery;
        }
        catch (Exception ex)
        {
            LogRouteFailed(send.SessionId, send.Type, ex);
        }
    }

    /// <summary>Starts what is queued, then stops the lanes.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not route event {Type} of session {SessionId}")]
    private partial void LogRouteFailed(string sessionId, string type, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway shutting down: event {Type} of session {SessionId} not sent")]
    private partial void LogLaneClosed(string sessionId, string type);
}
