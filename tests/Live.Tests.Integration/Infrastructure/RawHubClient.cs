using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// A browser stand-in that keeps the hub's bytes as they arrived: a plain <see cref="ClientWebSocket"/> speaking the
/// SignalR JSON protocol (handshake, invocations, completions, pings; records separated by 0x1E), with the join token in
/// the Authorization header. Every record received is kept, in order, exactly as sent.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentQueue<string> _frames = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextInvocation;

    private RawHubClient(string name) => Name = name;

    public string Name { get; }

    /// <summary>Every record received (handshake response included), raw JSON, in order.</summary>
    public IReadOnlyList<string> Frames => [.. _frames];

    public static async Task<RawHubClient> ConnectAsync(Uri baseAddress, string token, string name)
    {
        var client = new RawHubClient(name);
        client._socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        var ws = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/hubs/session" }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        client._reader = client.ReadAsync();
        await client.WaitForAsync(f => f == "{}", "handshake");
        return client;
    }

    /// <summary>Calls a hub method and waits for its completion record, which it returns (raw JSON).</summary>
    public async Task<string> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }, GatewayFixture.Json));
        return await WaitForAsync(f => IsCompletion(f, id), $"completion of {target}");
    }

    /// <summary>Waits for an <c>Event</c> of <paramref name="type"/> whose payload satisfies <paramref name="match"/>.</summary>
    public Task<string> WaitForEventAsync(string type, Func<JsonElement, bool>? match = null) =>
        WaitForAsync(f => EventOf(f) is { } e && e.Type == type && (match is null || match(e.Data)), $"'{type}' event");

    /// <summary>The type and payload of an <c>Event</c> invocation record; null for any other record.</summary>
    public static (string Type, JsonElement Data)? EventOf(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        if (!root.TryGetProperty("type", out var t) || t.GetInt32() != 1 || root.GetProperty("target").GetString() != "Event") return null;
        var args = root.GetProperty("arguments");
        return (args[0].GetString()!, args[1].Clone());
    }

    public async Task<string> WaitForAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var frame in _frames)
                if (match(frame)) return frame;
            if (_reader.IsCompleted && _reader.Exception is { } failed) throw failed;
            await Task.Delay(10);
        }
        throw new TimeoutException($"{Name} did not receive the expected {what}.");
    }

    private static bool IsCompletion(string frame, string id)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        return root.TryGetProperty("type", out var t) && t.GetInt32() == 3
            && root.TryGetProperty("invocationId", out var i) && i.GetString() == id;
    }

    private Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        var pending = "";
        while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
            {
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            // A whole WebSocket message decodes cleanly; a record may still span messages, so keep the tail.
            var text = pending + Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            var last = text.LastIndexOf(RecordSeparator);
            if (last < 0)
            {
                pending = text;
                continue;
            }
            foreach (var record in text[..last].Split(RecordSeparator)) _frames.Enqueue(record);
            pending = text[(last + 1)..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The server may have closed first.
        }
        await _stop.CancelAsync();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
    }
}
