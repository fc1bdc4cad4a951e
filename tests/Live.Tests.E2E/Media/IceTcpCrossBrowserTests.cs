using System.Text.Json;
using Live.Media.Sfu;
using Live.Tests.E2E.Browsers;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Chromium and Firefox reach each other through the SFU when it offers no UDP candidate (<see cref="SfuOptions.UdpEnabled"/>
/// false): each publishes (camera and microphone, or a real getDisplayMedia screen) and decodes what the other one
/// publishes, all over the SFU's RFC 6544 passive TCP candidate. Firefox runs windowed under Xvfb for the screen test,
/// because headless Firefox has no screen to share. Judged at the viewers: frames decoded and still rising, and every
/// page's selected candidate pair TCP.
/// </summary>
[Trait("Category", "Browser")]
public sealed class IceTcpCrossBrowserTests(ITestOutputHelper output)
{
    /// <summary>Both browsers in one run on a loaded 2-core machine: ICE-TCP and the first keyframe took up to ~20 s.</summary>
    private static readonly TimeSpan FirstFramesTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UdpCandidateOff_ChromiumAndFirefoxDecodeEachOthersCamera_OverIceTcp()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0, TcpPort = 0, UdpEnabled = false });
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser chromium = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        IBrowserPage chromiumPage = await CrossBrowserMedia.OpenChromiumAsync(chromium, host.BaseUrl, output);
        IBrowserPage firefoxPage = await firefox.OpenAsync(host.BaseUrl);

        await ExchangeAsync(host, chromiumPage, firefoxPage, "() => publish('alice')", "() => publish('bob')", "alice", "bob");
    }

    [Fact]
    public async Task UdpCandidateOff_ChromiumAndFirefoxDecodeEachOthersScreen_OverIceTcp()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0, TcpPort = 0, UdpEnabled = false });
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine, withScreen: true);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser chromium = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        IBrowserPage chromiumPage = await CrossBrowserMedia.OpenChromiumAsync(chromium, host.BaseUrl, output);
        IBrowserPage firefoxPage = await firefox.OpenAsync(host.BaseUrl);

        await ExchangeAsync(host, chromiumPage, firefoxPage,
            "() => publishScreen('alice-screen')", "() => publishScreen('bob-screen')", "alice-screen", "bob-screen");
        Assert.Contains(host.Router.Producers, p => p.Id == "alice-screen:Screen");
        Assert.Contains(host.Router.Producers, p => p.Id == "bob-screen:Screen");
    }

    /// <summary>
    /// Chromium publishes as <paramref name="chromiumPublisher"/>, Firefox as <paramref name="firefoxPublisher"/>; each
    /// browser then subscribes ("carol" in Chromium, "dave" in Firefox) to the other's producers and must decode video.
    /// </summary>
    private async Task ExchangeAsync(SfuTestHost host, IBrowserPage chromiumPage, IBrowserPage firefoxPage,
        string chromiumPublish, string firefoxPublish, string chromiumPublisher, string firefoxPublisher)
    {
        double udpReceivedBefore = SfuMetrics.GetRtpPacketsReceived(tcp: false);
        await chromiumPage.EvaluateAsync(chromiumPublish);
        JsonElement producers = await firefoxPage.EvaluateAsync(firefoxPublish);
        string fromChromium = ProducersOf(producers, chromiumPublisher);
        string fromFirefox = ProducersOf(producers, firefoxPublisher);
        output.WriteLine($"producers: {producers}");

        await chromiumPage.EvaluateAsync("p => subscribe('carol', JSON.parse(p))", fromFirefox);
        await firefoxPage.EvaluateAsync("p => subscribe('dave', JSON.parse(p))", fromChromium);

        JsonElement carolFirst = await CrossBrowserMedia.WaitForAsync(chromiumPage, "carol", s => Decoded(s) >= 10, FirstFramesTimeout, firefoxPage, output);
        JsonElement daveFirst = await CrossBrowserMedia.WaitForAsync(firefoxPage, "dave", s => Decoded(s) >= 10, FirstFramesTimeout, chromiumPage, output);
        // Still rising: ten more frames on each side after both had their first ten.
        JsonElement carol = await CrossBrowserMedia.WaitForAsync(chromiumPage, "carol", s => Decoded(s) >= Decoded(carolFirst) + 10,
            TimeSpan.FromSeconds(20), firefoxPage, output);
        JsonElement dave = await CrossBrowserMedia.WaitForAsync(firefoxPage, "dave", s => Decoded(s) >= Decoded(daveFirst) + 10,
            TimeSpan.FromSeconds(20), chromiumPage, output);
        output.WriteLine($"chromium viewer: {carol}\nfirefox viewer: {dave}");

        foreach ((IBrowserPage page, string participant) in new[]
                 {
                     (chromiumPage, chromiumPublisher), (chromiumPage, "carol"), (firefoxPage, firefoxPublisher), (firefoxPage, "dave"),
                 })
        {
            JsonElement stats = await CrossBrowserMedia.StatsAsync(page, participant);
            Assert.True(stats.GetProperty("localProtocol").GetString() == "tcp",
                $"{page.Browser} {participant}'s selected pair is '{stats.GetProperty("localProtocol")}', not tcp: {stats}");
            Assert.True(host.Router.GetTransport(participant)!.IsTcp, $"the SFU has {participant} on TCP");
        }

        Assert.True(Decoded(carol) > 0 && carol.GetProperty("videoFrameWidth").GetDouble() > 0, "Chromium decodes Firefox's video");
        Assert.True(Decoded(dave) > 0 && dave.GetProperty("videoFrameWidth").GetDouble() > 0, "Firefox decodes Chromium's video");
        Assert.Equal(udpReceivedBefore, SfuMetrics.GetRtpPacketsReceived(tcp: false));
    }

    /// <summary>The producers of one participant, as the JSON array subscribe() takes.</summary>
    private static string ProducersOf(JsonElement producers, string participantId)
    {
        JsonElement[] mine = producers.EnumerateArray().Where(p => p.GetProperty("participantId").GetString() == participantId).ToArray();
        Assert.NotEmpty(mine);
        return JsonSerializer.Serialize(mine);
    }

    private static long Decoded(JsonElement stats) => CrossBrowserMedia.Int(stats, "videoFramesDecoded");
}
