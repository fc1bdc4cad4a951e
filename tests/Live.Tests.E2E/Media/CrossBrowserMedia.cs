using System.Diagnostics;
using System.Text.Json;
using Live.Tests.E2E.Browsers;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// The publish-and-watch scenario on <see cref="SfuTestPage"/> for any pair of browsers (<see cref="IBrowserPage"/>),
/// so a transport variant (ICE-TCP, TURN) can run the same judgement with a different host.
/// </summary>
internal static class CrossBrowserMedia
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
    ];

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ChromiumArgs,
    });

    public static async Task<IBrowserPage> OpenChromiumAsync(IBrowser browser, string url, ITestOutputHelper output)
    {
        IPage page = await browser.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"chromium console: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"chromium page error: {error}");
        await page.GotoAsync(url);
        return new ChromiumPage(page);
    }

    /// <summary>
    /// <paramref name="publisher"/> publishes camera and microphone as "alice", <paramref name="viewer"/> subscribes to
    /// both as "bob"; the viewer must decode at least 30 frames of a real size at a real rate, keep decoding for 3 more
    /// seconds, and receive audio; the publisher must see its packets leave.
    /// </summary>
    public static async Task PublishAndWatchAsync(IBrowserPage publisher, IBrowserPage viewer, SfuTestHost host, ITestOutputHelper output)
    {
        JsonElement producers = await publisher.EvaluateAsync("() => publish('alice')");
        output.WriteLine($"{publisher.Browser} published: {producers}");
        Assert.Equal(2, producers.GetArrayLength());
        Assert.Equal(["alice:Camera", "alice:Microphone"], host.Router.Producers.Select(p => p.Id).Order());

        await viewer.EvaluateAsync("p => subscribe('bob', JSON.parse(p))", producers.GetRawText());
        JsonElement first = await WaitForAsync(viewer, "bob",
            s => Int(s, "videoFramesDecoded") >= 30 && Int(s, "videoFrameWidth") > 0 && Int(s, "audioPacketsReceived") >= 50,
            TimeSpan.FromSeconds(30), publisher, output);
        await Task.Delay(TimeSpan.FromSeconds(3));
        JsonElement later = await StatsAsync(viewer, "bob");
        JsonElement sent = await StatsAsync(publisher, "alice");
        output.WriteLine($"{viewer.Browser} viewer: {first}\nthen {later}\n{publisher.Browser} publisher: {sent}");

        long framesInThreeSeconds = Int(later, "videoFramesDecoded") - Int(first, "videoFramesDecoded");
        Assert.True(framesInThreeSeconds >= 15, $"the viewer decoded only {framesInThreeSeconds} frames in 3 s");
        Assert.True(Int(later, "videoFrameWidth") >= 160 && Int(later, "videoFrameHeight") >= 120,
            $"decoded frames are {Int(later, "videoFrameWidth")}x{Int(later, "videoFrameHeight")}");
        Assert.True(Int(later, "audioPacketsReceived") > Int(first, "audioPacketsReceived"), "audio keeps arriving");
        Assert.True(Int(sent, "videoPacketsSent") > 0 && Int(sent, "audioPacketsSent") > 0, "the publisher sends");
    }

    public static Task<JsonElement> StatsAsync(IBrowserPage page, string participantId) => page.EvaluateAsync("id => stats(id)", participantId);

    public static async Task<JsonElement> WaitForAsync(IBrowserPage page, string participantId, Func<JsonElement, bool> condition,
        TimeSpan timeout, IBrowserPage publisher, ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            stats = await StatsAsync(page, participantId);
            if (condition(stats))
            {
                output.WriteLine($"{page.Browser} {participantId} reached the stats after {clock.ElapsedMilliseconds} ms");
                return stats;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < timeout);

        output.WriteLine($"{participantId} timed out: {stats}");
        output.WriteLine($"publisher ({publisher.Browser}): {await StatsAsync(publisher, "alice")}");
        Assert.Fail($"{participantId} ({page.Browser}) did not reach the expected stats within {timeout.TotalSeconds} s: {stats}");
        return stats;
    }

    public static long Int(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();
}
