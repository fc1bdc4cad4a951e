using System.Diagnostics;
using System.Text.Json;
using Live.Media.Sfu;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// ICE over TCP with real browsers: the SFU offers no UDP candidate (<see cref="SfuOptions.UdpEnabled"/> false, as an
/// operator behind a UDP-blocking network would set it), so the only way in is its RFC 6544 passive TCP candidate. One
/// page publishes camera and microphone, another decodes the camera; both pages' selected candidate pairs are TCP.
/// Browsers are a theory parameter: another engine is one more <see cref="Browsers"/> entry and a branch in
/// <see cref="LaunchAsync"/>.
/// </summary>
[Trait("Category", "Browser")]
public sealed class IceTcpBrowserTests(ITestOutputHelper output)
{
    public static TheoryData<string> Browsers => ["chromium"];

    [Theory]
    [MemberData(nameof(Browsers))]
    public async Task UdpCandidateOff_PublishAndSubscribeOverIceTcp_VideoDecodesOnTcpPairs(string browserName)
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0, TcpPort = 0, UdpEnabled = false });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await LaunchAsync(playwright, browserName);
        double tcpReceivedBefore = SfuMetrics.GetRtpPacketsReceived(tcp: true);
        double udpReceivedBefore = SfuMetrics.GetRtpPacketsReceived(tcp: false);

        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publish('alice')");
        Assert.Equal(2, producers.GetArrayLength());
        IPage bob = await OpenAsync(browser, host);
        await bob.EvaluateAsync("p => subscribe('bob', JSON.parse(p))", producers.GetRawText());

        JsonElement first = await WaitForAsync(bob, "bob", s => Int(s, "videoFramesDecoded") >= 10, TimeSpan.FromSeconds(40), alice);
        JsonElement publisherFirst = await StatsAsync(alice, "alice");
        await Task.Delay(TimeSpan.FromSeconds(2));
        JsonElement later = await StatsAsync(bob, "bob");
        JsonElement publisher = await StatsAsync(alice, "alice");
        output.WriteLine($"{browserName} bob: {first} then {later}; alice: {publisherFirst} then {publisher}");

        Assert.True(Int(later, "videoFramesDecoded") > Int(first, "videoFramesDecoded"), "video keeps decoding");
        Assert.True(Int(publisher, "videoFramesEncoded") > Int(publisherFirst, "videoFramesEncoded"), "the camera keeps encoding");
        Assert.True(Int(publisher, "videoPacketsSent") > Int(publisherFirst, "videoPacketsSent"), "and sending");
        Assert.Equal("tcp", Str(later, "localProtocol"));
        Assert.Equal("tcp", Str(publisher, "localProtocol"));
        Assert.Equal(host.Sfu.TcpLocalEndPoint!.Port, Int(later, "remotePort"));
        Assert.True(host.Router.GetTransport("alice")!.IsTcp);
        Assert.True(host.Router.GetTransport("bob")!.IsTcp);
        Assert.True(SfuMetrics.GetRtpPacketsReceived(tcp: true) - tcpReceivedBefore > 100, "RTP counted on the tcp path");
        Assert.Equal(udpReceivedBefore, SfuMetrics.GetRtpPacketsReceived(tcp: false));
        // Chromium may open one connection per local candidate; at least the two selected ones are open.
        output.WriteLine($"TCP connections open: {host.Sfu.TcpConnectionCount}; RTP over tcp: " +
            $"{SfuMetrics.GetRtpPacketsReceived(tcp: true) - tcpReceivedBefore} in, sent to bob: {host.Router.GetTransport("bob")!.Consumers.Sum(c => c.PacketsSent)}");
        Assert.True(host.Sfu.TcpConnectionCount >= 2);
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string browserName) => browserName switch
    {
        "chromium" => CrossBrowserMedia.LaunchChromiumAsync(playwright),
        _ => throw new ArgumentOutOfRangeException(nameof(browserName), browserName, "no launcher for this browser yet"),
    };

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

        output.WriteLine($"publisher: {await StatsAsync(publisher, "alice")}");
        Assert.Fail($"{participantId} did not reach the expected stats within {timeout.TotalSeconds} s: {stats}");
        return stats;
    }

    private static long Int(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();

    private static string Str(JsonElement stats, string name) => stats.GetProperty(name).GetString() ?? "";
}
