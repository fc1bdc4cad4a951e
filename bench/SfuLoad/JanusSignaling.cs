using System.Text.Json.Nodes;

namespace Live.SfuLoad;

/// <summary>
/// Janus's VideoRoom plugin, the SFU shape that matches Live's: a room with one WebRTC publisher (the client offers,
/// Janus answers) and N subscribers (Janus offers the publisher's streams, the client answers and sends "start").
/// The room is created through the API with no bitrate cap, no periodic keyframe requests and no recording.
/// </summary>
public sealed class JanusSignaling(string url) : ISfuSignaling
{
    private const string Plugin = "janus.plugin.videoroom";
    private const long Room = 1234;

    private readonly JanusApi _api = new(url);
    private long _admin, _feed;

    public string Describe => "janus VideoRoom (HTTP API): WebRTC publisher, subscribers answer Janus's offers";

    public async Task SetupAsync(CancellationToken ct)
    {
        await _api.CreateSessionAsync(ct);
        _admin = await _api.AttachAsync(Plugin, ct);
        await _api.MessageAsync(_admin, new JsonObject
        {
            ["request"] = "create", ["room"] = Room, ["publishers"] = 1, ["bitrate"] = 0, ["fir_freq"] = 0,
            ["audiocodec"] = "opus", ["videocodec"] = "vp8", ["record"] = false, ["is_private"] = false, ["permanent"] = false,
        }, null, ct);
    }

    public async Task PublishAsync(PeerTransport transport, CancellationToken ct)
    {
        long handle = await _api.AttachAsync(Plugin, ct);
        await _api.MessageAsync(handle, new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = Room, ["display"] = "bench" }, null, ct);
        var joined = await _api.WaitEventAsync(handle, e => e["plugindata"]?["data"]?["videoroom"]?.GetValue<string>() == "joined", ct);
        _feed = (long)joined["plugindata"]!["data"]!["id"]!;

        var offer = LocalDescription.Write(transport, "actpass",
        [
            new("0", "video", "sendonly", LocalDescription.Vp8PayloadType, Publisher.VideoSsrc),
            new("1", "audio", "sendonly", LocalDescription.OpusPayloadType, Publisher.AudioSsrc),
        ]);
        await _api.MessageAsync(handle, new JsonObject { ["request"] = "publish" },
            new JsonObject { ["type"] = "offer", ["sdp"] = offer, ["trickle"] = false }, ct);
        var answer = await _api.WaitEventAsync(handle, e => e["jsep"]?["type"]?.GetValue<string>() == "answer", ct);
        var remote = RemoteDescription.Parse(answer["jsep"]!["sdp"]!.GetValue<string>());
        // The offerer is controlling (RFC 8445 §6.1.1); Janus answers actpass with active, making the client DTLS server.
        transport.Start(remote, IceRole.Controlling, dtlsClient: remote.Setup != "active");
    }

    public async Task SubscribeAsync(int index, PeerTransport transport, CancellationToken ct)
    {
        long handle = await _api.AttachAsync(Plugin, ct);
        await _api.MessageAsync(handle, new JsonObject
        {
            ["request"] = "join", ["ptype"] = "subscriber", ["room"] = Room,
            ["streams"] = new JsonArray(new JsonObject { ["feed"] = _feed }),
        }, null, ct);
        var offered = await _api.WaitEventAsync(handle, e => e["jsep"]?["type"]?.GetValue<string>() == "offer", ct);
        var remote = RemoteDescription.Parse(offered["jsep"]!["sdp"]!.GetValue<string>());
        var sections = remote.Media.Select(m => new LocalDescription.Section(m.Mid, m.Kind, m.Port == 0 ? "inactive" : "recvonly",
            m.PayloadTypeOf(m.Kind == "video" ? "VP8" : "opus") ?? throw new InvalidOperationException($"janus offered no codec we take in {m.Kind}"))).ToList();
        var answer = LocalDescription.Write(transport, "active", sections);
        await _api.MessageAsync(handle, new JsonObject { ["request"] = "start" },
            new JsonObject { ["type"] = "answer", ["sdp"] = answer, ["trickle"] = false }, ct);
        // Janus offered, so it is the controlling agent; the client answers its checks and sends its own as controlled.
        transport.Start(remote, IceRole.Controlled, dtlsClient: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin != 0)
        {
            try { await _api.MessageAsync(_admin, new JsonObject { ["request"] = "destroy", ["room"] = Room }, null, CancellationToken.None); }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException) { }
        }

        await _api.DisposeAsync();
    }
}
