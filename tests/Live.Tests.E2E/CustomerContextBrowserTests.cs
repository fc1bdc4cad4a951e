using System.Net.Http.Json;
using System.Text.Json;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// A shop sends a customer to a sales call with a signed context in her link: the host sees who she is in the lobby and
/// after admitting her, as text (markup in the note stays text, the http(s) page a link); her own page shows none of it.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CustomerContextBrowserTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private const string Note = "<img src=x onerror=\"document.title='pwned'\"> Wants the engraved gift box, asks about delivery by Friday";

    [Fact]
    public async Task ContextInTheLink_HostSeesItInLobbyAndRoster_CustomerPageDoesNot()
    {
        SetDefaultExpectTimeout(30_000);
        using var http = app.AdminApi();
        var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Concierge call", kind = "salesCall" });
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var hostUrl = await app.InviteAsync(sessionId, "host", "Hana Host");
        var customerUrl = await app.InviteAsync(sessionId, "customer", "Casey");
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            ["sid"] = sessionId,
            ["name"] = "Casey Zq-Marker Doe",
            ["company"] = "Acme Gifts Ltd",
            ["crmId"] = "CRM-ZQ-7731",
            ["cartValue"] = 1234.5,
            ["currency"] = "EUR",
            ["page"] = "https://shop.example/gifts/engraved-box?ref=zq",
            ["note"] = Note,
        });
        var token = CustomerContextSigner.Sign(claims, LiveAppFixture.CustomerContextKey);

        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 }, Locale = "en-US" });
        var host = await context.NewPageAsync();
        await host.GotoAsync(hostUrl);
        var customer = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await customer.GotoAsync($"{customerUrl}&context={token}");
        await Expect(customer.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();

        var lobby = host.Locator("#lobby .customer-context");
        await Expect(lobby.Locator("[data-field=name]")).ToHaveTextAsync("Casey Zq-Marker Doe");
        await Expect(lobby.Locator("[data-field=cart]")).ToHaveTextAsync("€1,234.50");
        await Expect(lobby.Locator("[data-field=crm]")).ToHaveTextAsync("CRM-ZQ-7731");
        await Expect(lobby.Locator("[data-field=note]")).ToHaveTextAsync(Note);
        await Expect(lobby.Locator("[data-field=from] a")).ToHaveAttributeAsync("href", "https://shop.example/gifts/engraved-box?ref=zq");
        Assert.Equal(0, await lobby.Locator("img").CountAsync());
        await Screenshots.TakeAsync(host, "host-customer-context-lobby");

        await host.ClickAsync("button[aria-label='Admit Casey']");
        var roster = host.Locator("#roster li[data-role=customer] .customer-context");
        await Expect(roster.Locator("[data-field=company]")).ToHaveTextAsync("Acme Gifts Ltd");
        // Positive signal on the customer's side first (she is in the room), then the absence.
        await Expect(customer.Locator("#room")).ToBeVisibleAsync();
        var customerText = await customer.EvaluateAsync<string>("() => document.documentElement.outerHTML");
        foreach (var marker in new[] { "Zq-Marker", "Acme Gifts", "CRM-ZQ", "1,234", "engraved-box", "delivery by Friday" })
            Assert.DoesNotContain(marker, customerText);
        Assert.NotEqual("pwned", await host.TitleAsync());
        output.WriteLine(await Screenshots.TakeAsync(host, "host-customer-context-roster"));
    }
}
