using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// "Share screen" is offered only where the browser can share a screen: a phone's browser has no
/// <c>navigator.mediaDevices.getDisplayMedia</c> (here removed by an init script, as on iOS Safari and Android Chrome),
/// and its media bar has no such button; a desktop Chromium's has.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ShareScreenBrowserTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task PhoneWithoutGetDisplayMedia_NoShareScreenButton_DesktopShowsIt()
    {
        SetDefaultExpectTimeout(30_000);
        using var http = app.AdminApi();
        var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Share screen on phones", kind = "focusGroup" });
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var host = await NewPageAsync(1440, 1000, phone: false);
        await host.GotoAsync(await app.InviteAsync(sessionId, "host", "Hana Host"));
        await host.ClickAsync("#go-live");
        var phone = await NewPageAsync(390, 844, phone: true);
        await phone.GotoAsync(await app.InviteAsync(sessionId, "respondent", "Pat Phone"));
        Assert.False(await phone.EvaluateAsync<bool>("() => typeof navigator.mediaDevices?.getDisplayMedia === 'function'"));
        var desktop = await NewPageAsync(1280, 900, phone: false);
        await desktop.GotoAsync(await app.InviteAsync(sessionId, "respondent", "Dee Desktop"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Pat Phone" }).ClickAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Dee Desktop" }).ClickAsync();

        // The media bar is built (its camera button is there) before the share button is judged.
        foreach (var page in new[] { phone, desktop, host })
            await Expect(page.Locator("#media-bar [role=toolbar] button", new() { HasText = "Camera" })).ToBeVisibleAsync();
        await Expect(host.GetByRole(AriaRole.Button, new() { Name = "🖥️ Share screen" })).ToBeVisibleAsync();
        await Expect(desktop.GetByRole(AriaRole.Button, new() { Name = "🖥️ Share screen" })).ToBeVisibleAsync();
        await Expect(phone.Locator("#media-bar button", new() { HasText = "Share screen" })).ToBeHiddenAsync();
        Assert.Equal(0, await phone.Locator("#media-bar button:visible", new() { HasText = "Share" }).CountAsync());
        await Screenshots.TakeAsync(phone, "respondent-phone-no-share-screen");
    }

    private async Task<IPage> NewPageAsync(int width, int height, bool phone)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height }, IsMobile = false });
        // Phones' browsers have no getDisplayMedia: take it away before any of the page's scripts run.
        if (phone) await context.AddInitScriptAsync("delete MediaDevices.prototype.getDisplayMedia;");
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        page.PageError += (_, error) => output.WriteLine($"[page error] {error}");
        return page;
    }
}
