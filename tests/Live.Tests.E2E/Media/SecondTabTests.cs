using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// The same invite opened in a second tab: the newest tab takes the media over, the host keeps seeing the respondent,
/// the older tab lets go of the camera and says where the media went, and one click brings it back. Before, both tabs
/// replaced each other's connection in turn and the host lost the respondent's video without a word.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SecondTabTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SameInvite_InSecondTab_TakesMediaOver_HostKeepsVideo_FirstTabCanTakeItBack()
    {
        var room = await MediaRoomScenario.StartAsync(app, ["Rita Respondent"], []);
        MediaPage first = room.Respondents[0];
        await WaitForHostToDecodeAsync(room.Host, "before the second tab");

        var secondPage = await first.Page.Context.NewPageAsync();
        await secondPage.GotoAsync(first.Url);
        var second = new MediaPage(secondPage, "Rita's second tab", first.Url);
        await Expect(second.Page.Locator("#room")).ToBeVisibleAsync(new() { Timeout = (float)Timeout.TotalMilliseconds });

        // The first tab learns on its next offer (its connection died when the second tab took over) and lets go.
        await Expect(first.Page.Locator(".media-elsewhere")).ToBeVisibleAsync(new() { Timeout = (float)Timeout.TotalMilliseconds });
        await Expect(second.Page.Locator(".media-elsewhere")).ToBeHiddenAsync();
        Assert.Equal(0, await first.Page.EvaluateAsync<int>("() => globalThis.liveMedia.local.size"));
        Assert.Equal(2, await second.SendingTracksAsync());
        await WaitForHostToDecodeAsync(room.Host, "from the second tab");
        await room.ShotAsync(first.Page, "second-tab-first-tab-let-go");

        // "Use this tab instead": the media comes back and the second tab lets go in turn.
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Use this tab instead" }).ClickAsync();
        await Expect(second.Page.Locator(".media-elsewhere")).ToBeVisibleAsync(new() { Timeout = (float)Timeout.TotalMilliseconds });
        await Expect(first.Page.Locator(".media-elsewhere")).ToBeHiddenAsync();
        Assert.Equal(2, await first.SendingTracksAsync());
        await WaitForHostToDecodeAsync(room.Host, "from the first tab again");
    }

    /// <summary>
    /// Waits until the host's view of the respondent's camera decodes more frames on two samples in a row: a
    /// subscription the takeover ended stops counting, and its replacement starts again from zero.
    /// </summary>
    private async Task WaitForHostToDecodeAsync(MediaPage host, string when)
    {
        var deadline = DateTime.UtcNow + Timeout;
        long previous = -1;
        while (DateTime.UtcNow < deadline)
        {
            var camera = (await host.RemoteStatsAsync()).Where(t => t.Source == "camera" && t.Kind == "video").ToList();
            long frames = camera.Count == 1 ? camera[0].FramesDecoded : -1;
            if (previous > 0 && frames > previous)
            {
                output.WriteLine($"host decodes the respondent's camera {when}: {previous} → {frames} frames");
                return;
            }

            previous = frames;
            await Task.Delay(1000);
        }

        Assert.Fail($"the host did not decode the respondent's camera {when} (last count {previous})");
    }
}
