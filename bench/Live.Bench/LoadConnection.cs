using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Bench;

/// <summary>Receives every event of every load connection, stamped on arrival with <see cref="Stopwatch.GetTimestamp"/>.</summary>
public interface IEventSink
{
    void OnEvent(LoadConnection connection, string type, EventProbe? data, long receivedAt);
}

/// <summary>One simulated browser: a SignalR connection of one participant, counting the snapshots it got (a second one means admitted).</summary>
public sealed class LoadConnection : IAsyncDisposable
{
    private int _snapshots;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoadConnection(HubConnection hub, Credential credential, IEventSink sink)
    {
        Hub = hub;
        Credential = credential;
        hub.On<string, EventProbe?>("Event", (type, data) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (type == "snapshot" && Interlocked.Increment(ref _snapshots) == 1) _joined.TrySetResult();
            sink.OnEvent(this, type, data, now);
        });
    }

    public HubConnection Hub { get; }
    public Credential Credential { get; }
    public int Snapshots => Volatile.Read(ref _snapshots);

    /// <summary>Completes with the first snapshot: the server has finished this participant's join.</summary>
    public Task Joined => _joined.Task;

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}

/// <summary>What a ramp reached: the connections that started, how many failed, and how long it took.</summary>
public sealed record RampResult(List<LoadConnection> Connected, List<LoadConnection> All, int Failed, TimeSpan Elapsed, bool TimedOut, string? FirstError)
{
    /// <summary>Disposes every connection the ramp created, the late ones too.</summary>
    public async Task DisposeAllAsync()
    {
        LoadConnection[] all;
        lock (All) all = [.. All];
        await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask()));
    }
}

/// <summary>Opens many connections at a bounded rate and concurrency (handshake and join), within an overall time limit.</summary>
public static class Ramp
{
    /// <summary>Connection handshakes in flight at once.</summary>
    private const int Concurrency = 64;

    /// <summary>Longest one connection may wait for its snapshot before its slot goes to the next one.</summary>
    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(30);

    public static async Task<RampResult> ConnectAsync(Peer peer, Room room, IReadOnlyList<Credential> credentials, IEventSink sink,
        int perSecond, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        using var cts = new CancellationTokenSource(timeout);
        var connected = new List<LoadConnection>(credentials.Count);
        var failed = 0;
        string? firstError = null;
        var all = new List<LoadConnection>(credentials.Count);
        // Not disposed: handshakes still in flight after a timeout release it later.
        var gate = new SemaphoreSlim(Concurrency);
        var tasks = new List<Task>(credentials.Count);
        try
        {
            for (var i = 0; i < credentials.Count; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / perSecond) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero) await Task.Delay(due, cts.Token);
                await gate.WaitAsync(cts.Token);
                var connection = new LoadConnection(peer.Build(room, credentials[i]), credentials[i], sink);
                lock (all) all.Add(connection);
                tasks.Add(StartAsync(connection));
            }
            await Task.WhenAll(tasks).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) { }

        async Task StartAsync(LoadConnection connection)
        {
            var started = false;
            try
            {
                await connection.Hub.StartAsync(cts.Token);
                started = true;
                lock (connected) connected.Add(connection);
                // The handshake is not the join: hold the slot until the snapshot arrives, so at most Concurrency
                // joins queue at the server. Opening more than it can join only piles up calls that time out
                // (Orleans' 30 s) and leaves connections that never joined.
                await connection.Joined.WaitAsync(JoinWait, cts.Token);
            }
            catch (Exception ex) when (started && ex is TimeoutException or OperationCanceledException)
            {
                // Connected but not (yet) joined: counted as connected; the benchmark reports how many joined.
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
            }
            finally
            {
                gate.Release();
            }
        }

        lock (connected) return new RampResult([.. connected], all, failed, Stopwatch.GetElapsedTime(started), cts.IsCancellationRequested, firstError);
    }

    /// <summary>Waits until <paramref name="done"/> holds, polling, or the timeout passes; returns whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (!done())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
