using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Roster changes leave the stage's video alone: five observers join and leave (ten staff roster changes on the host's
/// page, each of which used to rebuild every tile and its video) and every video element on the host's and a
/// respondent's page is the same node afterwards and has kept decoding.
/// </summary>
[Trait("Category", "Browser")]
public sealed class StableTilesTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    // Generous: on a 2-core machine shared with other Chromium runs, a publisher that joined last took over 30 s to flow.
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Tags each stage video with a mark and returns its decoded-frame count, in tile order.</summary>
    private const string MarkVideos = """
        () => [...document.querySelectorAll('#tiles video')].map((v, i) => {
          v.dataset.mark = String(i);
          return v.getVideoPlaybackQuality().totalVideoFrames;
        })
        """;

    /// <summary>Per marked video: still in the page and its frames now (-1 when it left the page).</summary>
    private const string ReadMarked = """
        () => {
          const now = [...document.querySelectorAll('#tiles video')];
          const marked = now.filter(v => v.dataset.mark !== undefined);
          return { total: now.length, marked: marked.length,
                   frames: marked.map(v => v.isConnected ? v.getVideoPlaybackQuality().totalVideoFrames : -1) };
        }
        """;

    [Fact]
    public async Task ObserversJoinAndLeave_StageVideosStayTheSameNodes_AndKeepDecoding()
    {
        SetDefaultExpectTimeout(20_000);
        var room = await MediaRoomScenario.StartAsync(app, respondents: ["Riley Respondent", "Sam Respondent"], observers: []);
        var host = room.Host;
        var riley = room.Respondents[0];
        await host.WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        await riley.WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        // Two remote cameras plus the host's own preview; a respondent sees the host and the other respondent plus itself.
        await host.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#tiles video')].filter(v => v.currentTime > 0).length === 3", null, new() { Timeout = 90_000 });
        await riley.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#tiles video')].filter(v => v.currentTime > 0).length === 3", null, new() { Timeout = 90_000 });

        var hostBefore = await host.Page.EvaluateAsync<long[]>(MarkVideos);
        var rileyBefore = await riley.Page.EvaluateAsync<long[]>(MarkVideos);
        var hostStatsBefore = await host.RemoteStatsAsync();
        Assert.Equal(3, hostBefore.Length);
        Assert.Equal(3, rileyBefore.Length);

        // Five observers join: the host's page receives each as a roster change (it lists them and counts them).
        var observers = new List<MediaPage>();
        for (var i = 1; i <= 5; i++) observers.Add(await room.JoinObserverAsync($"Observer {i}"));
        await Expect(host.Page.Locator("#people-count")).ToContainTextAsync("5 observers watching");
        foreach (var observer in observers) await observer.Page.Context.CloseAsync();
        await Expect(host.Page.Locator("#people-count")).Not.ToContainTextAsync("observer");
        // A consent change is a roster change too (it once blacked out every tile).
        await host.Page.ClickAsync("#rec-start");
        await riley.Page.GetByRole(AriaRole.Button, new() { Name = "Allow recording" }).ClickAsync();
        await Expect(host.Page.Locator("#roster [data-pid]", new() { HasText = "Riley Respondent" })).ToContainTextAsync("Consents");

        // Every video is the node it was, and each has decoded more frames since.
        await Task.Delay(1500);
        foreach (var (page, before) in new[] { (host, hostBefore), (riley, rileyBefore) })
        {
            var after = (await page.Page.EvaluateAsync<JsonElement>(ReadMarked)).Deserialize<MarkedVideos>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            output.WriteLine($"{page.Name}: frames before {string.Join(",", before)}, after {string.Join(",", after.Frames)}");
            Assert.Equal(3, after.Total);
            Assert.Equal(3, after.Marked);
            for (var i = 0; i < before.Length; i++) Assert.True(after.Frames[i] > before[i], $"{page.Name}: video {i} stopped ({before[i]} → {after.Frames[i]})");
        }
        var hostStatsAfter = await host.RemoteStatsAsync();
        foreach (var track in hostStatsBefore.Where(t => t.Kind == "video"))
            Assert.True(hostStatsAfter.Single(t => t.TrackId == track.TrackId).FramesDecoded > track.FramesDecoded, $"host: {track.TrackId} framesDecoded stalled");
        await room.ShotAsync(host.Page, "stable-tiles-host");
    }

    private sealed record MarkedVideos(int Total, int Marked, long[] Frames);
}
