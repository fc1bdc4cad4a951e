using System.Diagnostics;
using Microsoft.Playwright;

namespace Live.Bench;

/// <summary>
/// Benchmark 4, join time in Chromium: a host page publishes a fake camera; then, one after another, an observer opens
/// their invite link in a fresh browser context and the time from that navigation (the join action) to the first
/// decoded frame of the host's video is taken inside the page. There is no peer to compare with: the plain hub has no
/// media, and the SFU benchmark (bench/sfu) compares forwarding with Janus.
/// </summary>
public sealed class JoinBenchmark(BenchOptions options, string repoRoot)
{
    /// <summary>Longest one observer may take from navigation to its first decoded frame before it counts as failed.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs in the observer's page: waits for the media client (js/media.js exposes <c>globalThis.liveMedia</c>) and
    /// polls getStats until a video receiver has decoded a frame. performance.now() counts from the navigation start,
    /// so the figure covers loading the app, the hub connection, the join, the SDP exchange, ICE, DTLS and the first
    /// keyframe. Also returns when the SFU's answer arrived, to split the time.
    /// </summary>
    internal const string FirstFrameScript = """
        async (timeoutMs) => {
          const sleep = ms => new Promise(r => setTimeout(r, ms));
          while (!globalThis.liveMedia?.pc) { if (performance.now() > timeoutMs) return null; await sleep(10); }
          const m = globalThis.liveMedia;
          while (performance.now() < timeoutMs) {
            let decoded = 0;
            (await m.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded || 0; });
            if (decoded > 0) return [performance.now(), m.answeredAt ?? -1];
            await sleep(10);
          }
          return null;
        }
        """;

    internal const string HostSendingScript = """
        async () => {
          const m = globalThis.liveMedia;
          if (!m?.pc) return false;
          let frames = 0;
          (await m.pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') frames += s.framesEncoded || 0; });
          return frames > 0;
        }
        """;

    public async Task<bool> RunAsync()
    {
        try
        {
            var (figures, allDecoded) = await RunOneAsync();
            Report.Line("join", figures);
            return allDecoded;
        }
        catch (Exception ex)
        {
            Report.Line("join", Report.Fields(("peer", "live"), ("joins", options.Joins), ("decoded", 0)) + $" error=\"{ex.GetType().Name}: {ex.Message}\"");
            return false;
        }
    }

    private async Task<(string Figures, bool AllDecoded)> RunOneAsync()
    {
        Report.Note("join: starting the gateway (Release, embedded) and Chromium");
        await using var peer = await LivePeer.StartAsync(repoRoot, new Dictionary<string, string>
        {
            ["ASPNETCORE_WEBROOT"] = Path.Combine(repoRoot, "src/Gateway/wwwroot"),
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
            ],
        });

        var room = await peer.CreateRoomAsync("Join-time benchmark");
        var hostContext = await browser.NewContextAsync();
        var hostPage = await hostContext.NewPageAsync();
        await hostPage.GotoAsync((await peer.InviteUrlAsync(room.Id, "host", "Hana Host")).ToString());
        await hostPage.ClickAsync("#go-live", new() { Timeout = 30_000 });
        await hostPage.WaitForFunctionAsync("() => document.querySelector('#phase')?.textContent === 'Live'", null, new() { Timeout = 30_000 });
        if (!await UntilAsync(() => hostPage.EvaluateAsync<bool>(HostSendingScript), TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("the host page never encoded a video frame");
        Report.Note($"join: host is publishing; {options.Joins} observer joins, one at a time");

        var toFrame = new List<double>();
        var answerToFrame = new List<double>();
        var failed = 0;
        for (var i = 1; i <= options.Joins; i++)
        {
            var url = await peer.InviteUrlAsync(room.Id, "observer", $"Observer {i}");
            await using var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            try
            {
                await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
                var result = await page.EvaluateAsync<double[]?>(FirstFrameScript, JoinTimeout.TotalMilliseconds);
                if (result is null) { failed++; continue; }
                toFrame.Add(result[0]);
                if (result[1] >= 0) answerToFrame.Add(result[0] - result[1]);
            }
            catch (PlaywrightException ex)
            {
                failed++;
                Report.Note($"join {i}: {ex.Message.Split('\n')[0]}");
            }
        }
        await hostContext.CloseAsync();

        var (p50, p95, max) = Summary(toFrame);
        var (a50, a95, _) = Summary(answerToFrame);
        var figures = Report.Fields(("peer", "live"), ("joins", options.Joins), ("decoded", toFrame.Count), ("failed", failed),
            ("first_frame_p50_ms", p50), ("first_frame_p95_ms", p95), ("first_frame_max_ms", max),
            ("answer_to_frame_p50_ms", a50), ("answer_to_frame_p95_ms", a95),
            ("chromium", browser.Version), ("peer_to_compare", "none"));
        return (figures, failed == 0 && toFrame.Count == options.Joins);
    }

    /// <summary>p50, p95 (nearest rank) and max in milliseconds; NaN without samples.</summary>
    internal static (double P50, double P95, double Max) Summary(List<double> samples)
    {
        if (samples.Count == 0) return (double.NaN, double.NaN, double.NaN);
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.95), sorted[^1]);
    }

    internal static async Task<bool> UntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (await done()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
