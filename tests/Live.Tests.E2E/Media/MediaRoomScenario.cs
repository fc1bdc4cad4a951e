using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// A live focus group set up through the REST API and the web app: a host page, respondent pages admitted from the
/// lobby and observer pages, each in its own browser context (its own fake camera and microphone).
/// </summary>
public sealed class MediaRoomScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private readonly LiveAppFixture _app;
    private readonly HttpClient _api;
    private readonly string _sessionId;

    private readonly string? _initScript;

    private MediaRoomScenario(LiveAppFixture app, HttpClient api, string sessionId, string? initScript)
    {
        _initScript = initScript;
        _app = app;
        _api = api;
        _sessionId = sessionId;
    }

    public string SessionId => _sessionId;

    public MediaPage Host { get; private set; } = null!;
    public List<MediaPage> Respondents { get; } = [];
    public List<MediaPage> Observers { get; } = [];

    /// <param name="initScript">runs in every page before its own scripts (for example to force relay-only ICE)</param>
    public static async Task<MediaRoomScenario> StartAsync(LiveAppFixture app, string[] respondents, string[] observers, string kind = "focusGroup", string? initScript = null)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", app.AdminApiKey);
        var created = await api.PostAsJsonAsync("/api/sessions", new { title = "Gift finder: media check", kind, guide = new[] { "Show us your screen" } }, Json);
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var room = new MediaRoomScenario(app, api, sessionId, initScript);

        room.Host = await room.OpenAsync("host", "Hana Host");
        await Expect(room.Host.Page.Locator("#go-live")).ToBeVisibleAsync();
        await room.Host.Page.ClickAsync("#go-live");
        await Expect(room.Host.Page.Locator("#phase")).ToHaveTextAsync("Live");
        foreach (var name in respondents)
        {
            var page = await room.OpenAsync(kind == "salesCall" ? "customer" : "respondent", name);
            await room.Host.Page.GetByRole(AriaRole.Button, new() { Name = $"Admit {name}" }).ClickAsync();
            await Expect(page.Page.Locator("#room")).ToBeVisibleAsync();
            room.Respondents.Add(page);
        }
        foreach (var name in observers) await room.JoinObserverAsync(name);
        return room;
    }

    /// <param name="initScript">runs in this page alone before its own scripts, after the scenario's (for example to route its media through a relay)</param>
    public async Task<MediaPage> JoinObserverAsync(string name, string? initScript = null)
    {
        var page = await OpenAsync("observer", name, initScript);
        Observers.Add(page);
        return page;
    }

    public Task ShotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);

    /// <summary>A new invite link for <paramref name="role"/>, for a page opened elsewhere (another browser).</summary>
    public async Task<string> InviteUrlAsync(string role, string name)
    {
        var response = await _api.PostAsJsonAsync($"/api/sessions/{_sessionId}/invites", new { role, displayName = name }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    private async Task<MediaPage> OpenAsync(string role, string name, string? pageInitScript = null)
    {
        var url = await InviteUrlAsync(role, name);
        var context = await _app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        if (_initScript is not null) await context.AddInitScriptAsync(_initScript);
        if (pageInitScript is not null) await context.AddInitScriptAsync(pageInitScript);
        var page = await context.NewPageAsync();
        // Loading a page has taken over 30 s on a 2-core machine shared with other Chromium runs.
        page.SetDefaultNavigationTimeout(90_000);
        await page.GotoAsync(url);
        return new MediaPage(page, name, url);
    }
}
