using System.Diagnostics;
using System.Text.Json;
using Live.Media.Sfu;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Big observer rooms with real Chromium: a page publishes camera and microphone on the origin SFU, three pages
/// subscribe on the edge SFU, fed by one pipe per track; their video decodes, and the origin sends each packet it
/// receives to the edge once, not once per subscriber.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PipedSfuChromiumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EdgeSubscribers_ThreeChromiumPages_DecodeVideoAndEachPacketCrossesOnce()
    {
        await using PipedSfuTestHost host = await PipedSfuTestHost.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);

        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publish('alice')");
        string[] names = ["bob", "carol", "dave"];
        var pages = new List<IPage>();
        foreach (string name in names)
        {
            IPage page = await OpenAsync(browser, host);
            await page.EvaluateAsync("([id, p]) => subscribe(id, JSON.parse(p))", new object[] { name, producers.GetRawText() });
            pages.Add(page);
        }

        for (int i = 0; i < names.Length; i++)
        {
            await WaitForAsync(pages[i], names[i], s => Int(s, "videoFramesDecoded") >= 10 && Int(s, "audioPacketsReceived") >= 50);
        }

        Assert.Equal(2, host.OriginRouter.PipeSenderCount);
        Assert.Equal(1, host.Origin.TransportCount);
        Assert.Equal(3, host.Edge.TransportCount);

        // A window of steady flow: what crossed the pipe against what the origin received and what the edge sent.
        (double received, long piped, long edgeSent) before = Snapshot(host);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (double received, long piped, long edgeSent) after = Snapshot(host);
        double receivedDelta = after.received - before.received;
        long pipedDelta = after.piped - before.piped;
        long edgeSentDelta = after.edgeSent - before.edgeSent;
        output.WriteLine($"in 3 s the origin received {receivedDelta} RTP packets, sent {pipedDelta} into the pipes; " +
            $"the edge sent {edgeSentDelta} to its 3 subscribers; pipe drops: {host.Edge.GetDropCount(SfuDropReason.PipeForged)} forged, " +
            $"{host.Edge.GetDropCount(SfuDropReason.PipeRejected)} rejected");

        Assert.True(receivedDelta > 100, "media kept flowing");
        Assert.InRange(pipedDelta, receivedDelta * 0.95 - 5, receivedDelta + 5); // each packet once
        Assert.True(edgeSentDelta >= pipedDelta * 2.7, "the edge fans out to three subscribers");
        foreach ((IPage page, string name) in pages.Zip(names))
        {
            JsonElement stats = await StatsAsync(page, name);
            output.WriteLine($"{name}: {stats}");
        }
    }

    private static (double Received, long Piped, long EdgeSent) Snapshot(PipedSfuTestHost host) =>
        (SfuMetrics.RtpPacketsReceived, host.Origin.PipePacketsSent,
            host.EdgeRouter.Producers.Sum(p => host.EdgeRouter.GetProducer(p.Id)!.Consumers.Sum(c => c.PacketsSent)));

    private async Task<IPage> OpenAsync(IBrowser browser, PipedSfuTestHost host)
    {
        IPage page = await browser.NewPageAsync();
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        await page.GotoAsync(host.BaseUrl);
        return page;
    }

    private static Task<JsonElement> StatsAsync(IPage page, string participantId) =>
        page.EvaluateAsync<JsonElement>("id => stats(id)", participantId);

    private async Task WaitForAsync(IPage page, string participantId, Func<JsonElement, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            stats = await StatsAsync(page, participantId);
            if (condition(stats))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Fail($"{participantId} did not decode through the pipe within 30 s: {stats}");
    }

    private static long Int(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();
}
