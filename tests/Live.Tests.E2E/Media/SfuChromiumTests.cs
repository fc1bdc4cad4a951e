using System.Diagnostics;
using System.Text.Json;
using Live.Media.Sfu;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// The SFU against real Chromium (Debian's /usr/bin/chromium, headless, fake camera and microphone): one page publishes
/// camera and microphone through <see cref="Router.Negotiate"/>, others subscribe, and getStats shows decoded video
/// and received audio on the subscribers.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SfuChromiumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PublisherToSubscribers_VideoDecodesAudioFlows_LateSubscriberStartsQuickly()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);

        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publish('alice')");
        output.WriteLine($"producers: {producers}");
        Assert.Equal(2, producers.GetArrayLength());
        Assert.Equal(["alice:Camera", "alice:Microphone"], host.Router.Producers.Select(p => p.Id));

        IPage bob = await OpenAsync(browser, host);
        await bob.EvaluateAsync("p => subscribe('bob', JSON.parse(p))", producers.GetRawText());
        JsonElement first = await WaitForAsync(bob, "bob", s => Int(s, "videoFramesDecoded") >= 10 && Int(s, "audioPacketsReceived") >= 50,
            TimeSpan.FromSeconds(20), alice);
        await Task.Delay(TimeSpan.FromSeconds(2));
        JsonElement later = await StatsAsync(bob, "bob");
        output.WriteLine($"bob: {first} then {later}");
        Assert.True(Int(later, "videoFramesDecoded") > Int(first, "videoFramesDecoded"), "video keeps decoding");
        Assert.True(Int(later, "audioPacketsReceived") > Int(first, "audioPacketsReceived"), "audio keeps arriving");

        // A late subscriber starts at a keyframe the SFU asked for (PLI), not at the publisher's next periodic one.
        double pliBefore = SfuMetrics.PlisSent;
        IPage carol = await OpenAsync(browser, host);
        double negotiatedAt = await carol.EvaluateAsync<double>("p => subscribe('carol', JSON.parse(p))", producers.GetRawText());
        JsonElement carolStats = await WaitForAsync(carol, "carol", s => Int(s, "videoFramesDecoded") >= 1, TimeSpan.FromSeconds(10), alice);
        double firstFrameMillis = Double(carolStats, "now") - negotiatedAt;
        output.WriteLine($"carol decoded a first frame {firstFrameMillis:0} ms after negotiating; PLIs sent {SfuMetrics.PlisSent - pliBefore}");
        Assert.True(firstFrameMillis < 2000, $"first frame after {firstFrameMillis:0} ms");
        Assert.True(SfuMetrics.PlisSent > pliBefore, "the SFU sent a PLI for the new consumer");
        Assert.Equal(3, host.Sfu.TransportCount);
    }

    [Fact]
    public async Task ForwardedVideoLoss_NacksAnsweredFromHistory_VideoKeepsDecoding()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0, DropForwardedVideoPercent = 5 });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        double answeredBefore = SfuMetrics.NackPacketsRetransmitted;

        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publish('alice')");
        IPage bob = await OpenAsync(browser, host);
        await bob.EvaluateAsync("p => subscribe('bob', JSON.parse(p))", producers.GetRawText());
        JsonElement first = await WaitForAsync(bob, "bob", s => Int(s, "videoFramesDecoded") >= 10, TimeSpan.FromSeconds(20), alice);
        await Task.Delay(TimeSpan.FromSeconds(4));
        JsonElement later = await StatsAsync(bob, "bob");
        double answered = SfuMetrics.NackPacketsRetransmitted - answeredBefore;
        output.WriteLine($"bob: {first} then {later}; NACKed packets retransmitted by the SFU: {answered}; " +
            $"dropped on purpose: {host.Sfu.GetDropCount(SfuDropReason.TestHook)}");

        Assert.True(Int(later, "videoNacks") > 0, "the subscriber NACKed the dropped packets");
        Assert.True(answered > 0, "the SFU answered NACKs from its history");
        Assert.True(host.Sfu.GetDropCount(SfuDropReason.TestHook) > 0, "the hook dropped packets");
        Assert.True(Int(later, "videoFramesDecoded") > Int(first, "videoFramesDecoded") + 20, "video keeps decoding");
    }

    private async Task<IPage> OpenAsync(IBrowser browser, SfuTestHost host)
    {
        IPage page = await browser.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"console: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        await page.GotoAsync(host.BaseUrl);
        return page;
    }

    private static Task<JsonElement> StatsAsync(IPage page, string participantId) =>
        page.EvaluateAsync<JsonElement>("id => stats(id)", participantId);

    private async Task<JsonElement> WaitForAsync(IPage page, string participantId, Func<JsonElement, bool> condition, TimeSpan timeout,
        IPage publisher)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            stats = await StatsAsync(page, participantId);
            if (condition(stats))
            {
                return stats;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < timeout);

        output.WriteLine($"{participantId} timed out: {stats}");
        output.WriteLine($"publisher: {await StatsAsync(publisher, "alice")}");
        Assert.Fail($"{participantId} did not reach the expected stats within {timeout.TotalSeconds} s: {stats}");
        return stats;
    }

    private static long Int(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();

    private static double Double(JsonElement stats, string name) => stats.GetProperty(name).GetDouble();
}
