using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Live.Media.Sfu;
using Live.Tests.E2E.Media.Impairment;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Audio first in Chromium (docs/design.md, "Audio first"): an observer's downlink goes through an
/// <see cref="ImpairmentRelay"/>; limited to 64 kbit/s, the SFU pauses the observer's video while the audio keeps
/// arriving, and the web app's detector (js/paused-video.js, loaded into the test page) says the video is paused. When
/// the limit lifts, a trial brings the video back and the detector lets go.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AudioFirstChromiumTests(ITestOutputHelper output)
{
    private const long WeakLinkBps = 64_000;

    /// <summary>Two seconds of queue at 64 kbit/s before the relay drops (tail drop).</summary>
    private const int WeakLinkQueueBytes = 16_000;

    /// <summary>How long the audio is watched while the video is paused.</summary>
    private static readonly TimeSpan PausedWindow = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ObserverBehind64Kbps_AudioKeepsFlowingVideoPauses_LimitLifts_VideoReturns()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0, TcpEnabled = false });
        int sfuPort = host.Sfu.LocalEndPoint.Port;
        await using var relay = new ImpairmentRelay(new IPEndPoint(IPAddress.Loopback, sfuPort), ImpairmentSettings.None, TimeSpan.FromMinutes(5));
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);

        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publishVideo('alice', 640, 360, 30)");
        IPage bob = await OpenAsync(browser, host);
        await bob.EvaluateAsync("([from, to]) => { window.rewriteAnswer = sdp => sdp.replaceAll(` 127.0.0.1 ${from} typ host`, ` 127.0.0.1 ${to} typ host`); }",
            new[] { sfuPort, relay.BrowserFacingEndPoint.Port });
        await bob.AddScriptTagAsync(new PageAddScriptTagOptions { Content = PausedVideoScript() });
        await bob.EvaluateAsync("p => subscribe('bob', JSON.parse(p), true)", producers.GetRawText()); // an observer
        await bob.EvaluateAsync(WatchPaused);
        WebRtcTransport observer = host.Router.GetTransport("bob")!;
        Consumer camera = observer.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);

        JsonElement before = await UntilAsync(bob, s => Long(s, "videoFramesDecoded") > 30, TimeSpan.FromSeconds(30), "video decoded on the open link");
        Assert.NotNull(relay.Browser); // the observer's media goes through the relay
        Assert.False(await VideoPausedAsync(bob));

        relay.Configure(RelayDirection.Downstream, new ImpairmentSettings { RateBps = WeakLinkBps, QueueLimitBytes = WeakLinkQueueBytes });
        var clock = Stopwatch.StartNew();
        JsonElement pausedAt = await UntilAsync(bob, s => s.GetProperty("videoPaused").GetBoolean(), TimeSpan.FromSeconds(45), "the page shows the video paused");
        output.WriteLine($"paused after {clock.Elapsed.TotalSeconds:0.0} s of 64 kbit/s; estimate {observer.EstimatedBitrate} bit/s");
        Assert.True(camera.IsPausedForBandwidth, "the page says paused, the SFU forwards");

        await Task.Delay(PausedWindow); // a window of time to measure audio over, not a wait for a condition
        JsonElement pausedEnd = await StatsAsync(bob);
        long audioReceived = Long(pausedEnd, "audioPacketsReceived") - Long(pausedAt, "audioPacketsReceived");
        long audioLost = Long(pausedEnd, "audioPacketsLost") - Long(pausedAt, "audioPacketsLost");
        double audioLoss = audioLost / (double)Math.Max(1, audioReceived + audioLost);
        output.WriteLine($"while paused ({PausedWindow.TotalSeconds} s): audio {audioReceived} received, {audioLost} lost ({audioLoss:P1}); " +
            $"video frames {Long(pausedAt, "videoFramesDecoded")} → {Long(pausedEnd, "videoFramesDecoded")}; trials {observer.VideoResumeTrials}; " +
            $"relay {relay.Counters(RelayDirection.Downstream)}");
        Assert.True(audioReceived > PausedWindow.TotalSeconds * 40, $"{audioReceived} audio packets in {PausedWindow.TotalSeconds} s"); // Opus: 50 a second
        Assert.True(audioLoss < 0.02, $"audio loss {audioLoss:P1} while the video was paused");

        relay.Configure(RelayDirection.Downstream, ImpairmentSettings.None);
        clock.Restart();
        JsonElement back = await UntilAsync(bob, s => !s.GetProperty("videoPaused").GetBoolean(), TimeSpan.FromSeconds(100), "the page shows the video back");
        JsonElement later = await UntilAsync(bob, s => Long(s, "videoFramesDecoded") > Long(back, "videoFramesDecoded") + 30, TimeSpan.FromSeconds(20), "frames decoded again");
        output.WriteLine($"back after {clock.Elapsed.TotalSeconds:0.0} s of an open link; trials {observer.VideoResumeTrials}; frames {Long(later, "videoFramesDecoded")}");
        Assert.False(camera.IsPausedForBandwidth);
        Assert.True(Long(before, "videoFramesDecoded") < Long(later, "videoFramesDecoded"));
    }

    /// <summary>Samples the observer's statistics into the web app's detector once a second, as media.js does.</summary>
    private const string WatchPaused = """
        () => {
          const detector = new PausedVideo();
          window.videoPaused = false;
          setInterval(async () => {
            const pc = window.pcs.bob;
            if (pc.connectionState !== 'connected') return;
            const remotes = pc.getTransceivers().map(t => ({ info: { participantId: 'alice', source: t.receiver.track.kind === 'audio' ? 'microphone' : 'camera' }, transceiver: t }));
            detector.sample(await pc.getStats(), remotes);
            window.videoPaused = detector.isPaused('alice', 'camera');
          }, 1000);
        }
        """;

    /// <summary>The web app's detector as a classic script for the test page (the module's exports become globals).</summary>
    private static string PausedVideoScript()
    {
        string module = File.ReadAllText(Path.Combine(LiveAppFixture.FindWebRoot(), "js", "paused-video.js"));
        return module.Replace("export class ", "class ").Replace("export function ", "function ") + "\nwindow.PausedVideo = PausedVideo;\n";
    }

    private async Task<JsonElement> UntilAsync(IPage page, Func<JsonElement, bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        while (!condition(stats = await StatsAsync(page)))
        {
            Assert.True(clock.Elapsed < limit, $"{what}: not within {limit.TotalSeconds} s; last {stats}");
            await Task.Delay(500);
        }

        return stats;
    }

    private static async Task<JsonElement> StatsAsync(IPage page) => await page.EvaluateAsync<JsonElement>("""
        async () => {
          const out = await stats('bob');
          out.videoPaused = window.videoPaused;
          out.audioPacketsLost = 0;
          (await window.pcs.bob.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPacketsLost += s.packetsLost || 0; });
          return out;
        }
        """);

    private static async Task<bool> VideoPausedAsync(IPage page) => await page.EvaluateAsync<bool>("() => window.videoPaused");

    private async Task<IPage> OpenAsync(IBrowser browser, SfuTestHost host)
    {
        IPage page = await browser.NewPageAsync();
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        await page.GotoAsync(host.BaseUrl);
        return page;
    }

    private static long Long(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();
}
