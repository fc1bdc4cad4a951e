using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Live.SfuLoad;

/// <summary>
/// Janus's HTTP API (janus.transport.http): one session, plugin handles on it, requests POSTed to
/// /janus/{session}/{handle} and asynchronous events read by long polls on /janus/{session}, routed to the handle that
/// the event names as its sender. Session timeouts are off in the benchmark's configuration, so no keepalives.
/// </summary>
public sealed class JanusApi(string baseUrl) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<JsonNode>> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private long _session;
    private int _transaction;
    private Task? _poller;

    public async Task CreateSessionAsync(CancellationToken ct)
    {
        _session = (long)(await PostAsync("", new JsonObject { ["janus"] = "create" }, ct))["data"]!["id"]!;
        _poller = PollAsync();
    }

    public async Task<long> AttachAsync(string plugin, CancellationToken ct) =>
        (long)(await PostAsync($"/{_session}", new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, ct))["data"]!["id"]!;

    /// <summary>Sends a plugin message (with an optional JSEP); returns the reply (plugin data or an ack).</summary>
    public Task<JsonNode> MessageAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken ct)
    {
        var request = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null) request["jsep"] = jsep;
        return PostAsync($"/{_session}/{handle}", request, ct);
    }

    /// <summary>Waits for the handle's first event that <paramref name="match"/> accepts; plugin errors fail the wait.</summary>
    public async Task<JsonNode> WaitEventAsync(long handle, Func<JsonNode, bool> match, CancellationToken ct)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_events.TryGetValue(handle, out var queue))
                {
                    foreach (var e in queue)
                    {
                        if (e["plugindata"]?["data"]?["error"] is { } error) throw new InvalidOperationException($"janus: {error}");
                        if (e["janus"]?.GetValue<string>() == "hangup") throw new InvalidOperationException($"janus hangup: {e["reason"]}");
                    }

                    int at = queue.FindIndex(e => match(e));
                    if (at >= 0)
                    {
                        var found = queue[at];
                        queue.RemoveAt(at);
                        return found;
                    }
                }
            }

            await Task.Delay(20, ct);
        }
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var events = await _http.GetFromJsonAsync<JsonNode>($"{baseUrl}/{_session}?maxev=50&rid={Environment.TickCount64}", _stop.Token);
                foreach (var e in events is JsonArray array ? array : new JsonArray(events?.DeepClone()))
                {
                    if (e is null || e["janus"]?.GetValue<string>() == "keepalive" || e["sender"] is not { } sender) continue;
                    lock (_gate)
                    {
                        long handle = (long)sender;
                        if (!_events.TryGetValue(handle, out var queue)) _events[handle] = queue = [];
                        queue.Add(e.DeepClone());
                    }
                }
            }
            catch (OperationCanceledException) { return; }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
    }

    private async Task<JsonNode> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        body["transaction"] = $"t{Interlocked.Increment(ref _transaction)}";
        using var response = await _http.PostAsJsonAsync(baseUrl + path, body, ct);
        var reply = (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!;
        if (reply["janus"]?.GetValue<string>() == "error") throw new InvalidOperationException($"janus: {reply["error"]}");
        if (reply["plugindata"]?["data"]?["error"] is { } error) throw new InvalidOperationException($"janus plugin: {error}");
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        if (_session != 0)
        {
            try { await PostAsync($"/{_session}", new JsonObject { ["janus"] = "destroy" }, CancellationToken.None); }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException) { }
        }

        _stop.Cancel();
        if (_poller is not null) await _poller;
        _http.Dispose();
    }
}
