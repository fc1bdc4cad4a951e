using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Live.Media.Sfu;
using Live.Tests.E2E.Media.Impairment;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Simulcast through the whole product in real Chromium: the host's web app publishes its camera as three layers, an
/// observer on a full link watches the top one, and an observer whose downlink goes through a 300 kbit/s relay is moved
/// to the lowest one and keeps watching; when the limit is lifted it climbs back to the top. What is judged is what each
/// viewer gets (resolution, frame rate, freezes from its getStats), and what the SFU holds (three layers bound, the layer
/// each consumer forwards).
/// </summary>
/// <remarks>
/// One observer of each kind rather than several: the 2-core machine running this beside other work cannot keep four
/// Chromium pages decoding 720p at a useful frame rate, and a second full-link observer would test nothing new.
/// </remarks>
[Trait("Category", "Browser")]
public sealed class SimulcastChromiumTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private const long ConstrainedRateBps = 300_000;

    /// <summary>
    /// Chromium enables its top layer only once its own estimate towards the SFU covers all three (measured 27–31 s to
    /// 720p for one stream on this machine): the full-link observer has this long to see it.
    /// </summary>
    private static readonly TimeSpan TopLayerRampUp = TimeSpan.FromSeconds(60);

    /// <summary>The issue's bar: the constrained observer is on the lowest layer within 5 s of its first frame.</summary>
    private static readonly TimeSpan DownDeadline = TimeSpan.FromSeconds(5);

    /// <summary>The issue's bar: once the limit is lifted, the top layer within 15 s.</summary>
    private static readonly TimeSpan UpDeadline = TimeSpan.FromSeconds(15);

    /// <summary>How long both observers are watched while the limit holds.</summary>
    private static readonly TimeSpan ConstrainedWatch = TimeSpan.FromSeconds(10);

    /// <summary>The width the publishing page sends on each rid (its outbound-rtp entries).</summary>
    private const string SentLayersScript = """
        async () => {
          const sent = {};
          (await globalThis.liveMedia.pc.getStats()).forEach(s => {
            if (s.type === 'outbound-rtp' && s.kind === 'video' && s.rid) sent[s.rid] = s.frameWidth ?? 0;
          });
          return sent;
        }
        """;

    /// <summary>The page's one remote video as its busiest inbound-rtp entry reports it.</summary>
    private const string VideoStatsScript = """
        async () => {
          const m = globalThis.liveMedia;
          if (!m || !m.pc) return { frameWidth: 0, framesDecoded: 0, freezeCount: 0, packetsLost: 0 };
          let best = null;
          (await m.pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && (!best || s.packetsReceived > best.packetsReceived)) best = s;
          });
          return { frameWidth: best?.frameWidth ?? 0, framesDecoded: best?.framesDecoded ?? 0, freezeCount: best?.freezeCount ?? 0,
                   packetsLost: best?.packetsLost ?? 0 };
        }
        """;

    [Fact]
    public async Task CameraSimulcast_ObserverBehind300Kbps_GetsLowestLayerAndKeepsDecoding_ClimbsToTopWhenLifted()
    {
        var room = await MediaRoomScenario.StartAsync(app, respondents: [], observers: ["Fiona Full"]);
        MediaPage full = room.Observers[0];
        await full.WaitForFlowingAsync(_ => true, count: 2, TimeSpan.FromSeconds(45));
        Assert.True(app.Sfu!.TryGetRouter(room.SessionId, out Router? router) && router is not null, "no media router for the session");
        Producer camera = router.Producers.Where(p => p.Source == TrackSource.Camera).Select(p => router.GetProducer(p.Id)!).Single();

        // The SFU answered three rids and learned an SSRC for each from the publisher's packets.
        Assert.Equal(["q", "h", "f"], camera.Layers.Select(l => l.Rid));
        await Eventually.TrueAsync(() => Task.FromResult(camera.Layers.All(l => l.Ssrc != 0)), "all three layers are bound", TimeSpan.FromSeconds(30));
        output.WriteLine("layer SSRCs: " + string.Join(", ", camera.Layers.Select(l => $"{l.Rid}={l.Ssrc}")));

        var clock = Stopwatch.StartNew();
        string fullId = await ParticipantIdAsync(full);
        Consumer fullConsumer = router.GetTransport(fullId)!.Consumers.Single(c => c.Producer == camera);
        string FullSfu() => Describe(router.GetTransport(fullId), camera);
        // Chromium scales all layers down together when its CPU is short, so "top" and "lowest" are judged against the
        // sizes the host is sending right now, per rid, rather than against 1280 and 320.
        await WaitForLayerAsync(full, room.Host, "f", TopLayerRampUp, clock, FullSfu);
        Assert.Equal(2, fullConsumer.CurrentLayer);
        output.WriteLine($"full-link observer on the top layer after {clock.Elapsed.TotalSeconds:0.0} s");

        // The second observer's downlink goes through the relay: its answer's UDP candidate is rewritten to the relay's
        // port (and the TCP one removed, so the page cannot go round it).
        await using var relay = new ImpairmentRelay(new IPEndPoint(IPAddress.Loopback, app.Sfu.LocalEndPoint.Port), ImpairmentSettings.None,
            lifetime: TimeSpan.FromMinutes(5));
        // A 300 kbit/s line: a bucket of two packets (its serialization), not a policer's burst allowance, which at
        // 10 kB would carry a whole probe at twice the rate and make the path look wider than it is.
        relay.Configure(RelayDirection.Downstream, new ImpairmentSettings { RateBps = ConstrainedRateBps, BucketBytes = 2 * 1500 });
        MediaPage slow = await room.JoinObserverAsync("Sid Slow", ThroughRelayScript(relay.BrowserFacingEndPoint.Port));
        await slow.WaitForFlowingAsync(_ => true, count: 2, TimeSpan.FromSeconds(45));
        Assert.NotNull(relay.Browser); // its media really goes through the relay
        string slowId = await ParticipantIdAsync(slow);
        Consumer slowConsumer = router.GetTransport(slowId)!.Consumers.Single(c => c.Producer == camera);
        string SlowSfu() => Describe(router.GetTransport(slowId), camera) + $"; relay {relay.Counters(RelayDirection.Downstream)}";

        clock.Restart();
        VideoStats slowLow = await WaitForLayerAsync(slow, room.Host, "q", DownDeadline, clock, SlowSfu);
        output.WriteLine($"constrained observer on the lowest layer {clock.Elapsed.TotalSeconds:0.0} s after its first frame");

        // While the limit holds: the constrained observer stays on the lowest layer and keeps decoding at the camera's
        // frame rate, freezing at most twice; the full-link observer stays on the top layers and keeps decoding.
        VideoStats fullBefore = await VideoAsync(full);
        for (var watch = Stopwatch.StartNew(); watch.Elapsed < ConstrainedWatch;)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: constrained {await VideoAsync(slow)} {SlowSfu()}; full {await VideoAsync(full)} {FullSfu()}");
            Assert.Equal(0, slowConsumer.CurrentLayer);
            // Chromium may stop its f layer for a moment when its CPU is short (three pages on two cores): the full-link
            // observer then rides h until f returns, which is the publisher's doing, not the constrained viewer's.
            Assert.True(fullConsumer.CurrentLayer >= 1, $"the full-link observer fell to layer {fullConsumer.CurrentLayer}");
        }

        VideoStats slowAfter = await VideoAsync(slow);
        VideoStats fullAfter = await VideoAsync(full);
        double seconds = ConstrainedWatch.TotalSeconds;
        double slowFps = (slowAfter.FramesDecoded - slowLow.FramesDecoded) / seconds;
        double fullFps = (fullAfter.FramesDecoded - fullBefore.FramesDecoded) / seconds;
        output.WriteLine($"over {seconds:0} s: constrained {slowAfter.FrameWidth}px {slowFps:0.0} fps, freezes {slowLow.FreezeCount} → {slowAfter.FreezeCount}; " +
            $"full {fullAfter.FrameWidth}px {fullFps:0.0} fps, freezes {fullBefore.FreezeCount} → {fullAfter.FreezeCount}");
        await WaitForLayerAsync(slow, room.Host, "q", TimeSpan.FromSeconds(2), clock);
        // (The host may have stopped f for a moment; once it sends f again, the full-link observer is back on it.)
        await WaitForLayerAsync(full, room.Host, "f", TimeSpan.FromSeconds(15), clock);
        Assert.InRange(slowAfter.FreezeCount - slowLow.FreezeCount, 0, 2);
        // The lowest layer carries every frame the camera makes: the constrained observer sees about as many as the other.
        Assert.True(slowFps >= fullFps / 2, $"constrained {slowFps:0.0} fps against {fullFps:0.0} fps on the full link");
        // The full-link observer's freezes are logged, not asserted: on this machine they follow CPU load (a third page
        // starting), which the constrained viewer's link does not change.
        Assert.True(fullFps >= 5, $"the full-link observer decoded {fullFps:0.0} fps");

        // The limit is lifted: probes find the room and the constrained observer climbs back to the top layer.
        relay.Configure(RelayDirection.Downstream, ImpairmentSettings.None);
        clock.Restart();
        VideoStats slowTop = await WaitForLayerAsync(slow, room.Host, "f", UpDeadline, clock, SlowSfu);
        output.WriteLine($"constrained observer back on the top layer {clock.Elapsed.TotalSeconds:0.0} s after the limit was lifted");
        Assert.Equal(2, slowConsumer.CurrentLayer);
        await Eventually.TrueAsync(async () => (await VideoAsync(slow)).FramesDecoded > slowTop.FramesDecoded, "the constrained observer decodes on the top layer");
    }

    /// <summary>Rewrites the SFU's UDP candidate in every answer to the relay's port and drops its TCP candidate.</summary>
    private static string ThroughRelayScript(int relayPort) => $$"""
        (() => {
          const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
          RTCPeerConnection.prototype.setRemoteDescription = function (description) {
            if (description?.type === 'answer' && description.sdp) {
              const sdp = description.sdp.split('\r\n')
                .filter(line => !(line.startsWith('a=candidate:') && / tcp /i.test(line)))
                .map(line => line.replace(/^(a=candidate:\S+ \d+ udp \d+ \S+ )\d+/i, '$1{{relayPort}}'))
                .join('\r\n');
              description = { type: 'answer', sdp };
            }
            return setRemote.call(this, description);
          };
        })();
        """;

    /// <summary>
    /// Samples the viewer and the publisher every 250 ms until the viewer receives the width the publisher sends on
    /// <paramref name="rid"/> (and that differs from the other extreme's, so the layers are told apart); fails after
    /// <paramref name="timeout"/>.
    /// </summary>
    private async Task<VideoStats> WaitForLayerAsync(MediaPage viewer, MediaPage publisher, string rid, TimeSpan timeout, Stopwatch clock,
        Func<string>? sfu = null)
    {
        var deadline = Stopwatch.StartNew();
        VideoStats stats;
        Dictionary<string, int> sent;
        string last = "";
        double lastLog = -1;
        do
        {
            stats = await VideoAsync(viewer);
            sent = await publisher.Page.EvaluateAsync<Dictionary<string, int>>(SentLayersScript);
            string now = $"{viewer.Name} receives {stats}, host sends {string.Join(" ", sent.Select(kv => $"{kv.Key}={kv.Value}"))}";
            if (now != last || clock.Elapsed.TotalSeconds - lastLog >= 1)
            {
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {now} {sfu?.Invoke()}");
                (last, lastLog) = (now, clock.Elapsed.TotalSeconds);
            }

            string other = rid == "q" ? "f" : "q";
            if (sent.TryGetValue(rid, out int width) && width > 0 && stats.FrameWidth == width
                && sent.TryGetValue(other, out int otherWidth) && otherWidth != width)
            {
                return stats;
            }

            await Task.Delay(250);
        }
        while (deadline.Elapsed < timeout);

        Assert.Fail($"{viewer.Name}: not on layer {rid} after {timeout.TotalSeconds:0} s: {last}");
        return stats;
    }

    private static Task<string> ParticipantIdAsync(MediaPage page) =>
        page.Page.EvaluateAsync<string>("() => globalThis.liveMedia.session.state.me.participantId");

    /// <summary>The SFU's side of one subscriber: its estimate, what was shown of it, probes, and the camera consumer's layers.</summary>
    private static string Describe(WebRtcTransport? transport, Producer camera)
    {
        Consumer? consumer = transport?.Consumers.FirstOrDefault(c => c.Producer == camera);
        return $"SFU: estimate {transport?.EstimatedBitrate / 1000} kbit/s, verified {transport?.VerifiedBitrate / 1000}, probes {transport?.ProbeCounts}, " +
            $"layer {consumer?.CurrentLayer} → {consumer?.TargetLayer}";
    }

    private static async Task<VideoStats> VideoAsync(MediaPage page)
    {
        JsonElement json = await page.Page.EvaluateAsync<JsonElement>(VideoStatsScript);
        return new VideoStats((int)json.GetProperty("frameWidth").GetDouble(), (long)json.GetProperty("framesDecoded").GetDouble(),
            (long)json.GetProperty("freezeCount").GetDouble());
    }

    private sealed record VideoStats(int FrameWidth, long FramesDecoded, long FreezeCount)
    {
        public override string ToString() => $"{FrameWidth}px ({FramesDecoded} frames, {FreezeCount} freezes)";
    }
}
