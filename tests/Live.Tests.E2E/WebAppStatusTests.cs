using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Live.Tests.E2E.Media;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// What the web app says when a page stops (ended, denied, removed, invalid, expired), when a link is pasted into an open
/// tab or opened on another role's page, and when the camera is refused: one status vocabulary, nothing that contradicts
/// the screen, and a way forward.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class WebAppStatusTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    [GeneratedRegex("Reconnecting|Loading|Connecting|Joining|Disconnected|reload to rejoin", RegexOptions.IgnoreCase)]
    private static partial Regex ProgressWords();

    [Fact]
    public async Task TerminalScreens_EndedDeniedRemovedInvalidExpired_EachShowsOneStatusAndNoProgressText()
    {
        SetDefaultExpectTimeout(20_000);
        var (sessionId, hostUrl) = await CreateSessionAsync("Terminal screens");
        var host = await NewPageAsync(1280, 900);
        await host.GotoAsync(hostUrl);
        await host.ClickAsync("#go-live");
        await Expect(host.Locator("#phase")).ToHaveTextAsync("Live");

        // Invalid: not a token at all, then a well-formed token the server refuses (wrong signature).
        var garbage = await NewPageAsync(390, 844);
        await garbage.GotoAsync($"{app.BaseUrl}/join.html#token=not-a-token");
        await ExpectTerminalAsync(garbage, "invalid", "Link not valid", "This link does not work");
        var respondentUrl = await InviteAsync(sessionId, "respondent", "Fiona Forged");
        var forged = await NewPageAsync(390, 844);
        await forged.GotoAsync(respondentUrl[..^4] + (respondentUrl[^4] == 'A' ? "BBBB" : "AAAA"));
        await ExpectTerminalAsync(forged, "invalid", "Link not valid", "This link does not work");

        // Expired: a link whose expiry has passed says so rather than "not valid".
        var expired = await NewPageAsync(390, 844);
        await expired.GotoAsync(WithExpiry(await InviteAsync(sessionId, "respondent", "Erin Expired"), DateTimeOffset.UtcNow.AddHours(-1)));
        await ExpectTerminalAsync(expired, "expired", "Link expired", "This link has expired");

        // Denied from the lobby.
        var denied = await NewPageAsync(390, 844);
        await denied.GotoAsync(await InviteAsync(sessionId, "respondent", "Dana Denied"));
        await Expect(denied.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Deny Dana Denied" }).ClickAsync();
        await ExpectTerminalAsync(denied, "denied", "Not admitted", "The host did not let you in");

        // Removed while in the session: told they were removed, not that they left.
        var removed = await NewPageAsync(390, 844);
        await removed.GotoAsync(await InviteAsync(sessionId, "respondent", "Rory Removed"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Rory Removed" }).ClickAsync();
        await Expect(removed.Locator("#room")).ToBeVisibleAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Remove Rory Removed" }).ClickAsync();
        await host.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await ExpectTerminalAsync(removed, "removed", "Removed", "You were removed from this session");
        // Opening the same link again says the same.
        var removedAgain = await NewPageAsync(390, 844);
        await removedAgain.GotoAsync(removed.Url);
        await ExpectTerminalAsync(removedAgain, "removed", "Removed", "You were removed from this session");

        // Ended: a respondent in the session, and an observer link opened after the end (once stuck on "Loading… 00:00").
        var guest = await NewPageAsync(390, 844);
        await guest.GotoAsync(await InviteAsync(sessionId, "respondent", "Gus Guest"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Gus Guest" }).ClickAsync();
        await Expect(guest.Locator("#room")).ToBeVisibleAsync();
        var observerUrl = await InviteAsync(sessionId, "observer", "Olive Observer");
        await host.ClickAsync("#end");
        await host.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
        await ExpectTerminalAsync(guest, "ended", "Session ended", "This session has ended");
        var lateObserver = await NewPageAsync(1280, 900);
        await lateObserver.GotoAsync(observerUrl);
        await ExpectTerminalAsync(lateObserver, "ended", "Session ended", "This session has ended");
        await Expect(lateObserver.Locator("#clock")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Links_NewLinkPastedIntoOpenTab_LoadsIt_AndAnotherRolesLinkOpensItsOwnPage()
    {
        SetDefaultExpectTimeout(20_000);
        var (sessionId, hostUrl) = await CreateSessionAsync("Links");
        var page = await NewPageAsync(1280, 900);
        await page.GotoAsync(await InviteAsync(sessionId, "respondent", "First Person"));
        await Expect(page.Locator("#lobby-text")).ToContainTextAsync("First Person");

        // A second invite pasted into the same tab: only the fragment changes, and the page joins with the new link.
        await page.GotoAsync(await InviteAsync(sessionId, "respondent", "Second Person"));
        await Expect(page.Locator("#lobby-text")).ToContainTextAsync("Second Person");

        // A respondent's link opened on host.html goes to the respondent's page instead of showing a host console.
        var respondentUrl = await InviteAsync(sessionId, "respondent", "Third Person");
        var onHostPage = await NewPageAsync(1280, 900);
        await onHostPage.GotoAsync(respondentUrl.Replace("/join.html", "/host.html"));
        await Expect(onHostPage).ToHaveURLAsync(new Regex(@"/join\.html#token="));
        await Expect(onHostPage.Locator("#lobby-text")).ToContainTextAsync("Third Person");
        await Expect(onHostPage.Locator("#go-live")).ToHaveCountAsync(0);
        // And a host's link opened on join.html opens the console.
        var hostOnJoin = await NewPageAsync(1280, 900);
        await hostOnJoin.GotoAsync(hostUrl.Replace("/host.html", "/join.html"));
        await Expect(hostOnJoin).ToHaveURLAsync(new Regex(@"/host\.html#token="));
        await Expect(hostOnJoin.Locator("#go-live")).ToBeVisibleAsync();

        // The landing page: the admin #key= link pasted into an open tab takes effect.
        var landing = await NewPageAsync(1280, 900);
        await landing.GotoAsync($"{app.BaseUrl}/");
        await Expect(landing.Locator("#api-key")).ToHaveValueAsync("");
        await landing.GotoAsync($"{app.BaseUrl}/#key={LiveAppFixture.ApiKey}");
        await Expect(landing.Locator("#api-key")).ToHaveValueAsync(LiveAppFixture.ApiKey);
        await Expect(landing.Locator("#sessions")).ToContainTextAsync("Links");
    }

    [Fact]
    public async Task DeniedCamera_RespondentToldWhatStillWorks_TryAgainPublishes()
    {
        SetDefaultExpectTimeout(20_000);
        var (sessionId, hostUrl) = await CreateSessionAsync("Denied camera");
        var host = await NewPageAsync(1280, 900);
        await host.GotoAsync(hostUrl);
        await host.ClickAsync("#go-live");

        // The respondent's browser refuses camera and microphone (as a click on "Block" does) until the person allows
        // them again (window.allowDevices, set below).
        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await context.AddInitScriptAsync("""
            (() => {
              const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = c => window.allowDevices
                ? real(c) : Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
            })();
            """);
        var respondent = await context.NewPageAsync();
        await respondent.GotoAsync(await InviteAsync(sessionId, "respondent", "Casey Camera"));
        // The connection check before the lobby says so first; the respondent joins anyway.
        await Expect(respondent.Locator("#check-card")).ToContainTextAsync("Your camera is blocked", new() { Timeout = 45_000 });
        await respondent.GetByRole(AriaRole.Button, new() { Name = "Join anyway" }).ClickAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Casey Camera" }).ClickAsync();

        var problem = respondent.Locator("#devices-problem");
        await Expect(problem).ToBeVisibleAsync();
        await Expect(problem).ToContainTextAsync("blocked the camera and microphone");
        await Expect(problem).ToContainTextAsync("vote in polls");
        await Expect(problem).Not.ToContainTextAsync("chat");
        await Screenshots.TakeAsync(respondent, "respondent-camera-blocked-phone");

        await respondent.EvaluateAsync("() => { window.allowDevices = true; }");
        await respondent.ClickAsync("#devices-retry");
        await Expect(problem).ToBeHiddenAsync();
        await Expect(respondent.GetByRole(AriaRole.Button, new() { Name = "🎙️ Mute" })).ToBeEnabledAsync();
        // The host now receives the respondent's camera and microphone.
        await new MediaPage(host, "host").WaitForFlowingAsync(t => t.ParticipantId != "", count: 2, TimeSpan.FromSeconds(30));
    }

    private async Task ExpectTerminalAsync(IPage page, string code, string status, string title)
    {
        var screen = page.Locator($".screen[data-status='{code}']");
        await Expect(screen.Locator("h1")).ToHaveTextAsync(title);
        await Expect(screen.Locator(".screen-status")).ToHaveTextAsync(status);
        await Expect(page.Locator("#conn")).ToHaveTextAsync(status);
        // Its close handler once said "Disconnected — reload to rejoin": wait until the connection has closed, then look again.
        await Expect(page.Locator("html[data-hub='closed']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#conn")).ToHaveTextAsync(status);
        var text = await page.Locator("body").InnerTextAsync();
        Assert.False(ProgressWords().IsMatch(text), $"{code}: the page says '{ProgressWords().Match(text).Value}': {text}");
        Assert.StartsWith(title, await page.TitleAsync());
        await Screenshots.TakeAsync(page, $"terminal-{code}-{page.ViewportSize?.Width}");
        // The same screen at the other size (phone ↔ desktop), so each terminal screen is kept at both.
        var size = page.ViewportSize!;
        var other = size.Width <= 600 ? (Width: 1280, Height: 900) : (Width: 390, Height: 844);
        await page.SetViewportSizeAsync(other.Width, other.Height);
        await Screenshots.TakeAsync(page, $"terminal-{code}-{other.Width}");
        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    /// <summary>The same invite with its expiry moved (the signature no longer matches: the page reads the expiry first).</summary>
    private static string WithExpiry(string url, DateTimeOffset expires)
    {
        var marker = url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length;
        var parts = url[marker..].Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        payload["exp"] = expires.ToUnixTimeSeconds();
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return url[..marker] + string.Join('.', parts);
    }

    private static string Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=')));
    }

    private async Task<(string SessionId, string HostUrl)> CreateSessionAsync(string title)
    {
        using var http = Api();
        var created = await http.PostAsJsonAsync("/api/sessions", new { title, kind = "focusGroup", guide = new[] { "First question" } });
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (sessionId, await InviteAsync(sessionId, "host", "Hana Host"));
    }

    private Task<string> InviteAsync(string sessionId, string role, string name) => app.InviteAsync(sessionId, role, name);

    private HttpClient Api() => app.AdminApi();

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        // Loading a page has taken over 30 s on a 2-core machine shared with other Chromium runs.
        page.SetDefaultNavigationTimeout(90_000);
        page.PageError += (_, error) => output.WriteLine($"[page error] {error}");
        return page;
    }
}
