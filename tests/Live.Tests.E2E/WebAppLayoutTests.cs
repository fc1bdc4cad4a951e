using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// The web app at phone size and for keyboard and screen-reader users: a guest's phone keeps an open poll and a pushed
/// card in view and says when one arrives; every page passes an axe-core scan with no serious or critical violation;
/// segmented controls show focus; the host hears of lobby arrivals. Screenshots of each page at desktop and phone size.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WebAppLayoutTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private const int PhoneWidth = 390, PhoneHeight = 844;

    [Fact]
    public async Task Phone_PollOpenAndCardPushed_BothInViewWithoutScrolling_AndANewPollAnnouncesItself()
    {
        SetDefaultExpectTimeout(20_000);
        var (sessionId, hostUrl) = await CreateSessionAsync("Trail shoes on a phone", "salesCall");
        var host = await NewPageAsync(1440, 1000);
        await host.GotoAsync(hostUrl);
        await host.ClickAsync("#go-live");
        var customer = await NewPageAsync(PhoneWidth, PhoneHeight);
        await customer.GotoAsync(await InviteAsync(sessionId, "customer", "Casey Customer"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Casey Customer" }).ClickAsync();
        await Expect(customer.Locator("#room")).ToBeVisibleAsync();
        await Expect(customer.Locator("#tiles .tile")).ToHaveCountAsync(2);

        // Nothing announced yet (the moment the announcement could come is the poll's arrival, below).
        await Expect(customer.Locator("#announcer")).ToBeEmptyAsync();
        await host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).GetByRole(AriaRole.Button, new() { Name = "Push" }).ClickAsync();
        await Expect(customer.Locator("#announcer")).ToContainTextAsync("New product: Trail Runner 2");
        await host.FillAsync("#poll-question", "Which fit do you prefer?");
        await host.FillAsync("#poll-options", "Snug\nRoomy\nNot sure yet");
        await host.ClickAsync("#open-poll");
        await Expect(customer.Locator("#announcer")).ToHaveTextAsync("New poll: Which fit do you prefer?");
        await Expect(customer.Locator("#poll .new-cue")).ToBeVisibleAsync();
        await Expect(customer.Locator("#poll.arrived")).ToHaveCountAsync(1);

        // Both fit in the phone's viewport, the page unscrolled.
        await customer.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Task.Delay(500);
        foreach (var selector in new[] { "#prompt", "#poll", "#product" })
        {
            var box = await customer.Locator(selector).BoundingBoxAsync();
            Assert.NotNull(box);
            output.WriteLine($"{selector}: y {box.Y:F0} to {box.Y + box.Height:F0} of {PhoneHeight}");
            Assert.True(box.Y >= 0 && box.Y + box.Height <= PhoneHeight, $"{selector} is outside the phone's viewport: {box.Y:F0}..{box.Y + box.Height:F0}");
        }
        Assert.Equal(0, await customer.EvaluateAsync<double>("() => window.scrollY"));
        await customer.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Directory, "customer-phone-poll-and-card-viewport.png") });
        await Screenshots.TakeAsync(customer, "customer-phone-poll-and-card");
    }

    [Fact]
    public async Task EveryPage_AxeScanAtDesktopAndPhone_NoSeriousViolations_SegmentedControlsShowFocus()
    {
        SetDefaultExpectTimeout(20_000);
        var (sessionId, hostUrl) = await CreateSessionAsync("Accessibility check", "focusGroup");
        var respondentUrl = await InviteAsync(sessionId, "respondent", "Riley Respondent");
        var observerUrl = await InviteAsync(sessionId, "observer", "Omar Observer");
        var host = await NewPageAsync(1440, 1000);
        await host.GotoAsync(hostUrl);
        var lobby = await NewPageAsync(PhoneWidth, PhoneHeight);
        await lobby.GotoAsync(respondentUrl);
        await Expect(lobby.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        // The host hears of the arrival: the live region says who, the tab's title counts them.
        await Expect(host.Locator("#announcer")).ToHaveTextAsync("Riley Respondent is waiting in the lobby");
        await Expect(host).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(1 waiting\) "));
        var failures = new List<string>();
        await ScanAsync(lobby, "respondent-lobby-phone", failures);
        // The lobby at desktop size too: a second respondent who stays waiting.
        var lobbyDesktop = await NewPageAsync(1440, 1000);
        await lobbyDesktop.GotoAsync(await InviteAsync(sessionId, "respondent", "Wes Waiting"));
        await Expect(lobbyDesktop.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        await ScanAsync(lobbyDesktop, "respondent-lobby-desktop", failures);
        await lobbyDesktop.Context.CloseAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Riley Respondent" }).ClickAsync();
        await host.ClickAsync("#go-live");
        await host.ClickAsync("#next");

        var pages = new (string Name, string Url, string Ready)[]
        {
            ("landing", $"{app.BaseUrl}/#key={LiveAppFixture.ApiKey}", "#sessions li:not(.empty)"),
            ("demo", $"{app.BaseUrl}/demo.html#key={LiveAppFixture.ApiKey}", ".invite-card"),
            ("host", hostUrl, "#guide li.current"),
            ("respondent", respondentUrl, "#room:not([hidden])"),
            ("backroom", observerUrl, "#roster [data-pid]"),
            ("recordings", hostUrl.Replace("/host.html", "/recordings.html"), "#rec-count:not(:empty)"),
            // "Test my setup" (the invite's checkUrl) once its check has finished.
            ("check", respondentUrl.Replace("/join.html", "/check.html"), "#check-card .findings"),
        };
        foreach (var (width, height, size) in new[] { (1440, 1000, "desktop"), (PhoneWidth, PhoneHeight, "phone") })
        {
            foreach (var (name, url, ready) in pages)
            {
                var page = name == "host" && size == "desktop" ? host : await NewPageAsync(width, height);
                if (page != host) await page.GotoAsync(url);
                await Expect(page.Locator(ready).First).ToBeAttachedAsync();
                await Expect(page.Locator("h1").First).ToBeAttachedAsync();
                await ScanAsync(page, $"{name}-{size}", failures);
                if (page != host) await page.Context.CloseAsync();
            }
        }
        Assert.True(failures.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", failures));

        // Segmented controls show a focus ring when reached with the keyboard.
        var landing = await NewPageAsync(1440, 1000);
        await landing.GotoAsync($"{app.BaseUrl}/#key={LiveAppFixture.ApiKey}");
        await landing.ClickAsync("#title"); // the Kind radios follow the title field
        await AssertFocusRingAsync(landing, "input[name=kind]");
        await host.ClickAsync("#poll-options");
        await AssertFocusRingAsync(host, "input[name=poll-multiple]");
    }

    /// <summary>Tabs until a radio of the group has focus, then checks its label draws a visible outline.</summary>
    private static async Task AssertFocusRingAsync(IPage page, string radio)
    {
        for (var i = 0; i < 8 && !await page.EvaluateAsync<bool>($"() => document.activeElement?.matches('{radio}') ?? false"); i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>($"() => document.activeElement?.matches('{radio}') ?? false"), $"Tab never reached {radio}");
        var outline = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement.closest('label')); return `${s.outlineStyle} ${s.outlineWidth}`; }");
        Assert.Equal("solid 2px", outline);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Directory, $"focus-{radio.Split('=')[1].TrimEnd(']')}.png") });
    }

    private async Task ScanAsync(IPage page, string name, List<string> failures)
    {
        await Screenshots.TakeAsync(page, $"page-{name}");
        var violations = await AxeScan.SeriousViolationsAsync(page);
        output.WriteLine($"{name}: {violations.Count} serious or critical");
        failures.AddRange(violations.Select(v => $"{name}: {v}"));
    }

    private async Task<(string SessionId, string HostUrl)> CreateSessionAsync(string title, string kind)
    {
        using var http = Api();
        var created = await http.PostAsJsonAsync("/api/sessions", new
        {
            title, kind, guide = new[] { "What do you look for first?" },
            productCards = kind == "salesCall" ? new[] { new { id = "trail-2", title = "Trail Runner 2", price = "$129", imageUrl = (string?)null, link = "https://example.com/trail-runner-2" } } : null,
        });
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (sessionId, await InviteAsync(sessionId, "host", "Hana Host"));
    }

    private Task<string> InviteAsync(string sessionId, string role, string name) => app.InviteAsync(sessionId, role, name);

    private HttpClient Api() => app.AdminApi();

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        // BypassCSP: axe-core is injected as a script tag, which a strict Content-Security-Policy would refuse.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height }, BypassCSP = true });
        var page = await context.NewPageAsync();
        // Loading a page has taken over 30 s on a 2-core machine shared with other Chromium runs.
        page.SetDefaultNavigationTimeout(90_000);
        page.PageError += (_, error) => output.WriteLine($"[page error] {error}");
        return page;
    }
}
