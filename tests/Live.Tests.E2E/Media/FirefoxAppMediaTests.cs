using System.Text.Json;
using Live.Tests.E2E.Browsers;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Firefox through the whole product: a respondent joins a live focus group from Debian's firefox-esr with the web app's
/// invite link, a Chromium host admits them, and each decodes the other's camera and hears the other's microphone; a
/// Chromium observer receives both; the host's screen share reaches Firefox.
/// </summary>
[Trait("Category", "Browser")]
public sealed class FirefoxAppMediaTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FirefoxRespondent_ChromiumHost_SeeAndHearEachOther()
    {
        SetDefaultExpectTimeout(20_000);
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine);
        var room = await MediaRoomScenario.StartAsync(app, respondents: [], observers: ["Olga Observer"]);
        const string Fiona = "Fiona Firefox";
        IBrowserPage respondent = await firefox.OpenAsync(await room.InviteUrlAsync("respondent", Fiona));
        await room.Host.Page.GetByRole(AriaRole.Button, new() { Name = $"Admit {Fiona}" }).ClickAsync();
        await Eventually.TrueAsync(async () => (await respondent.EvaluateAsync("() => document.querySelector('#room')?.hidden === false")).GetBoolean(),
            "Firefox's respondent is in the room");

        // Chromium decodes Firefox's camera and hears its microphone, and Firefox the host's.
        IReadOnlyList<RemoteTrackStats> hostSees = await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
        IReadOnlyList<RemoteTrackStats> fionaSees = await WaitForFlowingAsync(respondent, _ => true, count: 2);
        output.WriteLine($"host (chromium) receives: {Describe(hostSees)}\nrespondent (firefox) receives: {Describe(fionaSees)}");
        Assert.Equal(["audio", "video"], hostSees.Select(t => t.Kind).Order());
        Assert.Equal(["audio", "video"], fionaSees.Select(t => t.Kind).Order());
        Assert.Single(hostSees.Select(t => t.ParticipantId).Distinct());
        Assert.DoesNotContain(fionaSees, t => hostSees.Any(h => h.ParticipantId == t.ParticipantId));
        JsonElement size = await respondent.EvaluateAsync("""
            () => [...document.querySelectorAll('#tiles video')].map(v => [v.videoWidth, v.videoHeight, v.paused, v.currentTime])
            """);
        output.WriteLine($"firefox tiles: {size}");
        Assert.Contains(size.EnumerateArray(), v => v[0].GetInt32() > 0 && v[1].GetInt32() > 0 && !v[2].GetBoolean() && v[3].GetDouble() > 0);

        // The observer (Chromium) receives both publishers; Firefox's page never names the observer.
        await room.Observers[0].WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        Assert.DoesNotContain("Olga", (await respondent.EvaluateAsync("() => document.documentElement.outerHTML")).GetString());

        // The host shares a screen (Chromium's virtual screen): Firefox decodes it.
        await room.Host.Page.GetByRole(AriaRole.Button, new() { Name = "🖥️ Share screen" }).ClickAsync();
        IReadOnlyList<RemoteTrackStats> screen = await WaitForFlowingAsync(respondent, t => t.Source == "screen", count: 1);
        output.WriteLine($"firefox receives the screen: {Describe(screen)}");
    }

    /// <summary><see cref="MediaPage.WaitForFlowingAsync"/> for a page in Firefox: flowing, then still rising.</summary>
    private static async Task<IReadOnlyList<RemoteTrackStats>> WaitForFlowingAsync(IBrowserPage page, Func<RemoteTrackStats, bool> expected, int count)
    {
        async Task<List<RemoteTrackStats>> Stats() =>
            (await page.EvaluateAsync(MediaPage.RemoteStatsScript)).Deserialize<List<RemoteTrackStats>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!
                .Where(expected).ToList();

        var deadline = DateTime.UtcNow + MediaTimeout;
        List<RemoteTrackStats> first = [];
        while (DateTime.UtcNow < deadline)
        {
            first = await Stats();
            if (first.Count == count && first.All(t => t.Progress > 0))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(first.Count == count && first.All(t => t.Progress > 0), $"firefox: expected {count} flowing tracks, saw {Describe(first)}");
        var moving = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<RemoteTrackStats> second;
        do
        {
            await Task.Delay(500);
            second = await Stats();
        }
        while (DateTime.UtcNow < moving && !first.All(t => second.Any(l => l.TrackId == t.TrackId && l.Progress > t.Progress)));
        Assert.All(first, t => Assert.True(second.Single(l => l.TrackId == t.TrackId).Progress > t.Progress, $"firefox: {t.Source} stopped"));
        return second;
    }

    private static string Describe(IEnumerable<RemoteTrackStats> tracks) =>
        string.Join(", ", tracks.Select(t => $"{t.Source}/{t.Kind} of {t.ParticipantId} frames={t.FramesDecoded} packets={t.PacketsReceived}"));
}
