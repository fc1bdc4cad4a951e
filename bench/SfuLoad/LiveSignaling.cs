using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.SfuLoad;

/// <summary>
/// Live's signaling as a browser uses it: REST with the API key for the session and the invites, then the SignalR hub
/// /hubs/session per participant, whose Negotiate({sdp, publish: {mid: source}, subscribe: {mid: trackId}}) answers
/// the client's offer. The host publishes camera (VP8) and microphone (Opus); observers subscribe to both.
/// Live is ICE-lite and DTLS passive: the client is the controlling agent and the DTLS client on every transport.
/// </summary>
public sealed class LiveSignaling(string url, string apiKey) : ISfuSignaling
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    private readonly List<HubConnection> _connections = [];
    private string _sessionId = "", _videoTrack = "", _audioTrack = "";

    public string Describe => "live (REST + SignalR Negotiate): WebRTC publisher, subscribers offer recvonly";

    private sealed record Answer(string Sdp, List<Track> Tracks);
    private sealed record Track(string TrackId, string Source);

    public async Task SetupAsync(CancellationToken ct)
    {
        _http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        var session = await PostAsync("/api/sessions", new { title = "SFU bench", kind = "focusGroup", guide = new[] { "bench" } }, ct);
        _sessionId = session.GetProperty("id").GetString()!;
    }

    public async Task PublishAsync(PeerTransport transport, CancellationToken ct)
    {
        var hub = await ConnectAsync("host", "Bench publisher", ct);
        await hub.InvokeAsync("GoLive", ct);
        var offer = LocalDescription.Write(transport, "actpass",
        [
            new("0", "video", "sendonly", LocalDescription.Vp8PayloadType, Publisher.VideoSsrc),
            new("1", "audio", "sendonly", LocalDescription.OpusPayloadType, Publisher.AudioSsrc),
        ]);
        var request = new { sdp = offer, publish = new Dictionary<string, string> { ["0"] = "camera", ["1"] = "microphone" }, subscribe = new Dictionary<string, string>() };
        Answer answer;
        // The first Negotiate activates the media router grain; on a starved machine that can outlast Orleans' response
        // timeout, and the gateway asks to try again.
        for (int attempt = 1; ; attempt++)
        {
            try { answer = await hub.InvokeAsync<Answer>("Negotiate", request, ct); break; }
            catch (HubException) when (attempt < 3) { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
        }

        _videoTrack = answer.Tracks.Single(t => t.Source == "camera").TrackId;
        _audioTrack = answer.Tracks.Single(t => t.Source == "microphone").TrackId;
        transport.Start(RemoteDescription.Parse(answer.Sdp), IceRole.Controlling, dtlsClient: true);
    }

    public async Task SubscribeAsync(int index, PeerTransport transport, CancellationToken ct)
    {
        var hub = await ConnectAsync("observer", $"Bench subscriber {index + 1}", ct);
        var offer = LocalDescription.Write(transport, "actpass",
        [
            new("0", "video", "recvonly", LocalDescription.Vp8PayloadType),
            new("1", "audio", "recvonly", LocalDescription.OpusPayloadType),
        ]);
        var answer = await hub.InvokeAsync<Answer>("Negotiate",
            new { sdp = offer, publish = new Dictionary<string, string>(), subscribe = new Dictionary<string, string> { ["0"] = _videoTrack, ["1"] = _audioTrack } }, ct);
        transport.Start(RemoteDescription.Parse(answer.Sdp), IceRole.Controlling, dtlsClient: true);
    }

    private async Task<HubConnection> ConnectAsync(string role, string name, CancellationToken ct)
    {
        var invite = await PostAsync($"/api/sessions/{_sessionId}/invites", new { role, displayName = name }, ct);
        var token = invite.GetProperty("token").GetString()!;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_http.BaseAddress!, "/hubs/session"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        await hub.StartAsync(ct);
        lock (_connections) _connections.Add(hub);
        return hub;
    }

    private async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    public async ValueTask DisposeAsync()
    {
        HubConnection[] hubs;
        lock (_connections) hubs = [.. _connections];
        await Task.WhenAll(hubs.Select(h => h.DisposeAsync().AsTask()));
        _http.Dispose();
    }
}
