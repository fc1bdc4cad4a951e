using Live.Tests.E2E.Turn;
using Microsoft.Playwright;

namespace Live.Bench;

/// <summary>
/// Benchmark 6, the media paths of issue #12: for each path (udp; tcp with the silo's UDP candidate off; relay through a
/// coturn this benchmark starts, with observers' pages forced to relay candidates) a fresh gateway, a host page publishing
/// a fake camera, then observers joining one at a time, timed from navigation to their first decoded frame (as benchmark
/// 4); then <see cref="BenchOptions.Viewers"/> observers kept watching for <see cref="BenchOptions.Seconds"/> while the
/// gateway's CPU and the SFU's sent RTP packets (live_sfu_rtp_packets_sent_total) are sampled: CPU per forwarded packet.
/// The tcp and relay figures are divided by the udp ones of the same invocation.
/// </summary>
public sealed class PathsBenchmark(BenchOptions options, string repoRoot)
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    private sealed record PathFigures(string Path, double FirstFrameP50, double FirstFrameP95, int Decoded, double CpuMicrosPerPacket,
        double PacketsPerSecond, double CpuPercent, double MachineBusyPercent);

    public async Task<bool> RunAsync()
    {
        var results = new Dictionary<string, PathFigures>();
        var ok = true;
        foreach (var path in options.Paths)
        {
            try
            {
                var figures = await RunPathAsync(path);
                results[path] = figures;
                ok &= figures.Decoded == options.Joins;
                Report.Line("paths", Report.Fields(("path", path), ("joins", options.Joins), ("decoded", figures.Decoded),
                    ("first_frame_p50_ms", figures.FirstFrameP50), ("first_frame_p95_ms", figures.FirstFrameP95),
                    ("viewers", options.Viewers), ("fwd_pkt_per_s", figures.PacketsPerSecond), ("cpu_pct", figures.CpuPercent),
                    ("us_per_fwd_pkt", figures.CpuMicrosPerPacket), ("machine_busy_pct", figures.MachineBusyPercent),
                    ("limit", figures.MachineBusyPercent >= 90 ? "machine" : "none")));
            }
            catch (Exception ex)
            {
                ok = false;
                Report.Line("paths", Report.Fields(("path", path), ("decoded", 0)) + $" error=\"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}\"");
            }
        }

        if (results.TryGetValue("udp", out var udp))
        {
            foreach (var other in results.Values.Where(r => r.Path != "udp"))
            {
                Report.Line("paths", Report.Fields(("path", $"{other.Path}/udp"),
                    ("first_frame_p50", other.FirstFrameP50 / udp.FirstFrameP50), ("us_per_fwd_pkt", other.CpuMicrosPerPacket / udp.CpuMicrosPerPacket)));
            }
        }

        return ok;
    }

    private async Task<PathFigures> RunPathAsync(string path)
    {
        using var relay = path == "relay" ? CoturnRelay.Start() : null;
        var environment = new Dictionary<string, string> { ["ASPNETCORE_WEBROOT"] = Path.Combine(repoRoot, "src/Gateway/wwwroot") };
        if (path == "tcp") environment["Live__Media__UdpEnabled"] = "false";
        if (relay is not null)
        {
            environment["Live__Turn__Secret"] = relay.Secret;
            environment["Live__Turn__Urls__0"] = relay.UdpUrl;
            environment["Live__Turn__CredentialLifetime"] = "01:00:00";
        }

        Report.Note($"paths {path}: starting the gateway (Release, embedded) and Chromium");
        await using var peer = await LivePeer.StartAsync(repoRoot, environment);
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

        var room = await peer.CreateRoomAsync($"Paths benchmark ({path})");
        var hostContext = await browser.NewContextAsync();
        var hostPage = await hostContext.NewPageAsync();
        await hostPage.GotoAsync((await peer.InviteUrlAsync(room.Id, "host", "Hana Host")).ToString());
        await hostPage.ClickAsync("#go-live", new() { Timeout = 30_000 });
        if (!await JoinBenchmark.UntilAsync(() => hostPage.EvaluateAsync<bool>(JoinBenchmark.HostSendingScript), TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("the host page never encoded a video frame");

        var toFrame = new List<double>();
        for (var i = 1; i <= options.Joins; i++)
        {
            await using var context = await ObserverContextAsync(browser, path);
            var page = await context.NewPageAsync();
            await page.GotoAsync((await peer.InviteUrlAsync(room.Id, "observer", $"Observer {i}")).ToString(), new() { WaitUntil = WaitUntilState.Commit });
            var result = await page.EvaluateAsync<double[]?>(JoinBenchmark.FirstFrameScript, JoinTimeout.TotalMilliseconds);
            if (result is not null) toFrame.Add(result[0]);
            else Report.Note($"paths {path}: join {i} decoded nothing within {JoinTimeout.TotalSeconds} s");
        }

        var (p50, p95, _) = JoinBenchmark.Summary(toFrame);
        var (cpuPerPacket, packetsPerSecond, cpu, busy) = await MeasureForwardingAsync(peer, browser, room.Id, path);
        await hostContext.CloseAsync();
        return new PathFigures(path, p50, p95, toFrame.Count, cpuPerPacket, packetsPerSecond, cpu, busy);
    }

    /// <summary>
    /// Opens the watching observers, waits until each decodes, then samples the gateway's CPU and the SFU's sent RTP
    /// packets over the window: µs of gateway CPU per forwarded packet (everything the process does, hub included).
    /// </summary>
    private async Task<(double MicrosPerPacket, double PacketsPerSecond, double CpuPercent, double BusyPercent)> MeasureForwardingAsync(
        LivePeer peer, IBrowser browser, string sessionId, string path)
    {
        var contexts = new List<IBrowserContext>();
        try
        {
            for (var i = 1; i <= options.Viewers; i++)
            {
                var context = await ObserverContextAsync(browser, path);
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync((await peer.InviteUrlAsync(sessionId, "observer", $"Viewer {i}")).ToString(), new() { WaitUntil = WaitUntilState.Commit });
                if (await page.EvaluateAsync<double[]?>(JoinBenchmark.FirstFrameScript, JoinTimeout.TotalMilliseconds) is null)
                    throw new InvalidOperationException($"viewer {i} decoded nothing");
            }

            // The SFU labels a relay's traffic udp (it arrives from coturn's UDP address): count both labels.
            const string Sent = "live_sfu_rtp_packets_sent_total";
            var packetsBefore = await peer.MetricAsync(Sent);
            var cpuBefore = peer.Server.Sample();
            var machineBefore = MachineSample.Now();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var packetsAfter = await peer.MetricAsync(Sent);
            var cpuAfter = peer.Server.Sample();
            var machineAfter = MachineSample.Now();
            var packets = packetsAfter - packetsBefore;
            var cpuSeconds = (cpuAfter.Cpu - cpuBefore.Cpu).TotalSeconds;
            return (packets > 0 ? cpuSeconds * 1e6 / packets : double.NaN, packets / options.Seconds,
                ProcessSample.CpuPercent(cpuBefore, cpuAfter), MachineSample.BusyPercent(machineBefore, machineAfter));
        }
        finally
        {
            foreach (var context in contexts) await context.CloseAsync();
        }
    }

    private static async Task<IBrowserContext> ObserverContextAsync(IBrowser browser, string path)
    {
        var context = await browser.NewContextAsync();
        if (path == "relay") await context.AddInitScriptAsync(RelayOnly.InitScript);
        return context;
    }
}
