using System.Text.Json;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// A browser stand-in that survives the loss of its gateway: one SignalR connection at a time, and when it closes the
/// client connects again with the same join token to the next gateway in its list (as the web app does with several
/// gateway addresses behind one name). It records every event as raw JSON, like <see cref="HubParticipant"/>.
/// </summary>
public sealed class FailoverClient : IAsyncDisposable
{
    /// <summary>How long a client keeps trying the gateways before it gives up.</summary>
    public static readonly TimeSpan ReconnectBudget = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyList<Uri> _gateways;
    private readonly string _token;
    private readonly List<(string Type, string Json)> _received = [];
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private HubConnection? _connection;
    private int _index;
    private bool _disposed;

    private FailoverClient(IReadOnlyList<Uri> gateways, int first, string token, string id, string name)
    {
        _gateways = gateways;
        _index = first;
        _token = token;
        Id = id;
        Name = name;
    }

    public string Id { get; }
    public string Name { get; }

    /// <summary>How many times this client connected again after losing its connection.</summary>
    public int Reconnects { get; private set; }

    /// <summary>The gateway the client is connected to now.</summary>
    public Uri Gateway => _gateways[_index];

    public static async Task<FailoverClient> ConnectAsync(IReadOnlyList<Uri> gateways, int first, string token, string id, string name)
    {
        var client = new FailoverClient(gateways, first, token, id, name);
        await client.ConnectAnyAsync(reconnecting: false);
        return client;
    }

    public int ReceivedCount { get { lock (_received) return _received.Count; } }

    /// <summary>Invokes a hub method on the current connection, waiting for a reconnection first if needed.</summary>
    public async Task<T> InvokeAsync<T>(string method, TimeSpan timeout, params object?[] args)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var connection = await CurrentAsync(cancel.Token);
        return await connection.InvokeCoreAsync<T>(method, args, cancel.Token);
    }

    public async Task InvokeAsync(string method, TimeSpan timeout, params object?[] args)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var connection = await CurrentAsync(cancel.Token);
        await connection.InvokeCoreAsync(method, args, cancel.Token);
    }

    /// <summary>Waits for an event of <paramref name="type"/> received after position <paramref name="from"/> that matches.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool> match, TimeSpan timeout, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            (string Type, string Json)[] events;
            lock (_received) events = [.. _received.Skip(from)];
            foreach (var (t, json) in events)
            {
                if (t != type) continue;
                var element = JsonDocument.Parse(json).RootElement;
                if (match(element)) return element;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name} (on {Gateway}) did not receive the expected '{type}' event.");
    }

    private async Task<HubConnection> CurrentAsync(CancellationToken cancellation)
    {
        while (true)
        {
            if (_connection is { State: HubConnectionState.Connected } connection) return connection;
            await Task.Delay(50, cancellation);
        }
    }

    private async Task ConnectAnyAsync(bool reconnecting)
    {
        await _connecting.WaitAsync();
        try
        {
            var deadline = DateTime.UtcNow + ReconnectBudget;
            var attempt = reconnecting ? 1 : 0; // after a loss, the other gateway first
            Exception? last = null;
            while (!_disposed && DateTime.UtcNow < deadline)
            {
                var index = (_index + attempt++) % _gateways.Count;
                var connection = HubParticipant.Build(_gateways[index], _token);
                connection.On<string, JsonElement>("Event", (type, data) =>
                {
                    lock (_received) _received.Add((type, data.GetRawText()));
                });
                try
                {
                    var mark = ReceivedCount;
                    using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await connection.StartAsync(cancel.Token);
                    // Joined only once the hub has sent the snapshot (the participant is known to the session then).
                    await WaitForAsync("snapshot", _ => true, TimeSpan.FromSeconds(10), mark);
                    _index = index;
                    _connection = connection;
                    connection.Closed += OnClosedAsync;
                    if (reconnecting) Reconnects++;
                    return;
                }
                catch (Exception ex)
                {
                    last = ex;
                    await connection.DisposeAsync();
                    await Task.Delay(200);
                }
            }
            if (!_disposed) throw new TimeoutException($"{Name} could not connect to any gateway within {ReconnectBudget}.", last);
        }
        finally
        {
            _connecting.Release();
        }
    }

    private Task OnClosedAsync(Exception? error)
    {
        if (_disposed) return Task.CompletedTask;
        // Off the SignalR callback: reconnecting may take seconds.
        _ = Task.Run(async () =>
        {
            try { await ConnectAnyAsync(reconnecting: true); }
            catch (TimeoutException) { }
        });
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_connection is { } connection) await connection.DisposeAsync();
    }
}
