using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Gateway.Turn;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Turn;

/// <summary>
/// The connection check in Chromium: before the lobby it finds the path (udp on loopback, relay when only the relay is
/// allowed), the guest sees it in words, the host sees it beside the waiting guest; "test my setup" runs it on its own
/// and shows the person to no one; a relay that refuses the credential is said in words.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConnectionCheckBrowserTests(TurnAppFixture app, ITestOutputHelper output) : IClassFixture<TurnAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    [Fact]
    public async Task JoinPage_PlainAndRelayOnly_HostSeesUdpAndRelayBesideTheWaitingGuests()
    {
        SetDefaultExpectTimeout(45_000);
        var (api, sessionId) = await CreateSessionAsync("Checkout research: connection check");
        var host = await OpenAsync(await InviteAsync(api, sessionId, "host", "Hana Host"), initScript: null);
        await Expect(host.Locator("#go-live")).ToBeVisibleAsync();

        var uma = await InviteAsync(api, sessionId, "respondent", "Uma Direct");
        var umaPage = await NewPageAsync(initScript: null);
        var umaFrames = new System.Collections.Concurrent.ConcurrentQueue<string>();
        umaPage.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => umaFrames.Enqueue(frame.Text ?? "");
        await umaPage.GotoAsync(uma.Url, Loading);
        await Expect(umaPage.Locator("#lobby")).ToBeVisibleAsync();
        var umaCheck = host.Locator($"li[data-pid='{uma.ParticipantId}'] .conn-check");
        await Expect(umaCheck).ToHaveAttributeAsync("data-check", "udp");
        await Expect(umaCheck).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Connection udp · \d+ ms · [\d.]+ % loss$"));

        var rita = await InviteAsync(api, sessionId, "respondent", "Rita Relay");
        var ritaPage = await OpenAsync(rita, RelayOnly.InitScript);
        await Expect(ritaPage.Locator("#lobby")).ToBeVisibleAsync();
        await Expect(ritaPage.Locator("#lobby-check")).ToContainTextAsync("Your connection works through our relay");
        var ritaCheck = host.Locator($"li[data-pid='{rita.ParticipantId}'] .conn-check");
        await Expect(ritaCheck).ToHaveAttributeAsync("data-check", "relay");
        await Expect(ritaCheck).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Connection relay · \d+ ms · [\d.]+ % loss$"));
        output.WriteLine($"host sees: Uma {await umaCheck.TextContentAsync()}; Rita {await ritaCheck.TextContentAsync()}");
        await Screenshots.TakeAsync(host, "connection-check-host-lobby");
        await Screenshots.TakeAsync(ritaPage, "connection-check-guest-lobby-relay");

        // Stored durably with the session: a fresh host snapshot (reload) shows both again.
        await host.ReloadAsync();
        await Expect(host.Locator($"li[data-pid='{rita.ParticipantId}'] .conn-check")).ToHaveAttributeAsync("data-check", "relay");

        await ritaPage.Context.CloseAsync(); // fewer pages for the 2-core machine

        // Admitted, Uma hears nothing of anyone's check (hosts only): not while a third guest's check reaches the host.
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Uma Direct" }).ClickAsync();
        await Expect(umaPage.Locator("#room")).ToBeVisibleAsync();
        var vic = await InviteAsync(api, sessionId, "respondent", "Vic Third");
        var vicPage = await OpenAsync(vic, initScript: null);
        await Expect(vicPage.Locator("#check-card[data-state='done']")).ToHaveCountAsync(1);
        // Whatever a starved machine made of Vic's check, Vic joins now and the check goes to the host.
        await vicPage.EvaluateAsync("() => document.querySelector('#join-now')?.click()");
        await Expect(host.Locator($"li[data-pid='{vic.ParticipantId}'] .conn-check")).ToHaveCountAsync(1);
        Assert.Contains(umaFrames, f => f.Contains("\"snapshot\"", StringComparison.Ordinal)); // her socket was listening
        Assert.DoesNotContain(umaFrames, f => f.Contains("connectionCheck", StringComparison.OrdinalIgnoreCase) || f.Contains("roundTripMs", StringComparison.Ordinal));
        Assert.Equal(0, await umaPage.Locator(".conn-check").CountAsync());
    }

    [Fact]
    public async Task TestMySetup_RelayOnly_SaysRelayInWordsAndShowsTheGuestToNoOne()
    {
        SetDefaultExpectTimeout(45_000);
        var (api, sessionId) = await CreateSessionAsync("Gift finder: test my setup");
        var host = await OpenAsync(await InviteAsync(api, sessionId, "host", "Hana Host"), initScript: null);
        await Expect(host.Locator("#go-live")).ToBeVisibleAsync();

        var tess = await InviteAsync(api, sessionId, "respondent", "Tess Early");
        Assert.NotNull(tess.CheckUrl);
        var check = await OpenUrlAsync(tess.CheckUrl!, RelayOnly.InitScript);
        var card = check.Locator("#check-card[data-state='done']");
        await Expect(card).ToHaveAttributeAsync("data-path", "relay");
        await Expect(card).ToContainTextAsync("Your connection works through our relay");
        await Expect(card).ToContainTextAsync("Your camera works");
        await Screenshots.TakeAsync(check, "test-my-setup-relay");

        // A guest who joins afterwards reaches the host's lobby; Tess, who only tested, never did.
        var late = await InviteAsync(api, sessionId, "respondent", "Lee Later");
        await OpenAsync(late, initScript: null);
        await Expect(host.Locator($"li[data-pid='{late.ParticipantId}']")).ToBeVisibleAsync();
        await Expect(host.Locator($"li[data-pid='{tess.ParticipantId}']")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Tess", await host.Locator("#roster").InnerTextAsync());
    }

    [Fact]
    public async Task TestMySetup_RelayRefusesTheCredential_SaysSoInWords()
    {
        SetDefaultExpectTimeout(45_000);
        var (api, sessionId) = await CreateSessionAsync("Gift finder: refused relay");
        var tess = await InviteAsync(api, sessionId, "respondent", "Tess Refused");
        var page = await NewPageAsync(RelayOnly.InitScript);
        // The relay's URLs with a credential signed with another secret, in place of the gateway's.
        var username = $"{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}:{tess.ParticipantId}";
        var forged = JsonSerializer.Serialize(new[] { new { urls = new[] { app.Relay.UdpUrl, app.Relay.TcpUrl }, username, credential = TurnCredentials.Password("not-the-relays-secret-0123456789", username) } });
        await page.RouteAsync("**/api/check/ice-servers", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = forged }));

        await page.GotoAsync(tess.CheckUrl!, Loading);

        var card = page.Locator("#check-card[data-state='done']");
        await Expect(card).ToHaveAttributeAsync("data-path", "failed", new() { Timeout = 45_000 });
        await Expect(card).ToContainTextAsync("The relay server refused the connection");
        await Screenshots.TakeAsync(page, "test-my-setup-relay-refused");
    }

    [Fact]
    public async Task ClassifyPath_SampleLocalCandidates_NamesThePath()
    {
        var page = await NewPageAsync(initScript: null);
        await page.GotoAsync($"{app.BaseUrl}/index.html");
        var paths = await page.EvaluateAsync<string[]>("""
            async () => {
              const { classifyPath } = await import('/js/check.js');
              return [
                { candidateType: 'host', protocol: 'udp' },
                { candidateType: 'srflx', protocol: 'udp' },
                { candidateType: 'host', protocol: 'tcp', tcpType: 'active' },
                { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
                { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' },
                null,
              ].map(classifyPath);
            }
            """);
        Assert.Equal(["udp", "udp", "tcp", "relay", "relay", "failed"], paths);
    }

    private async Task<(HttpClient Api, string SessionId)> CreateSessionAsync(string title)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", app.AdminApiKey);
        var created = await api.PostAsJsonAsync("/api/sessions", new { title, kind = "focusGroup" }, Json);
        created.EnsureSuccessStatusCode();
        return (api, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static async Task<InviteLinks> InviteAsync(HttpClient api, string sessionId, string role, string name)
    {
        var response = await api.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new { role, displayName = name }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<InviteLinks>(Json))!;
    }

    private Task<IPage> OpenAsync(InviteLinks invite, string? initScript) => OpenUrlAsync(invite.Url, initScript);

    private async Task<IPage> OpenUrlAsync(string url, string? initScript)
    {
        var page = await NewPageAsync(initScript);
        await page.GotoAsync(url, Loading);
        return page;
    }

    private async Task<IPage> NewPageAsync(string? initScript)
    {
        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        return await context.NewPageAsync();
    }

    /// <summary>Generous: on a loaded 2-core machine a new page beside two publishing ones has taken over 30 s to load.</summary>
    private static readonly PageGotoOptions Loading = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    private sealed record InviteLinks(string ParticipantId, string Url, string? CheckUrl);
}
