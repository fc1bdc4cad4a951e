using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// A whole focus group through the web app in real Chromium: a host creates it on the landing page, invites a respondent
/// and an observer, admits the respondent from the lobby, goes live, shows a prompt and runs a poll; the observer sees the
/// tally and drops a note the host reads. The respondent never sees anything of the observer.
/// </summary>
[Trait("Category", "Browser")]
public sealed class FocusGroupBrowserTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private const string Observer = "Omar Observer";
    private const string Respondent = "Riley Respondent";
    private const string FirstPrompt = "Tell us about the last gift you bought online.";

    [Fact]
    public async Task FocusGroup_HostRunsItThroughTheWebApp_EveryoneSeesTheirPart()
    {
        SetDefaultExpectTimeout(20_000);

        // The host creates the session through the landing page's form and lands on the host console.
        var host = await NewPageAsync(1440, 1000);
        await host.GotoAsync($"{app.BaseUrl}/#key={LiveAppFixture.ApiKey}");
        await Expect(host.Locator("h1")).ToHaveTextAsync("Live");
        await host.FillAsync("#title", "Checkout redesign: first impressions");
        await host.FillAsync("#host-name", "Hana Host");
        await host.FillAsync("#guide", $"{FirstPrompt}\nWhat made you trust (or doubt) the product page?\nIf you could change one thing about checkout, what would it be?");
        await host.ClickAsync("#create");
        await Expect(host).ToHaveURLAsync(new Regex(@"/host\.html#token="));
        await Expect(host.Locator("#title")).ToHaveTextAsync("Checkout redesign: first impressions");
        await Expect(host.Locator("#phase")).ToHaveTextAsync("Not started");

        // The host invites a respondent and an observer from the Invite panel.
        var respondentUrl = await InviteAsync(host, "respondent", Respondent);
        var observerUrl = await InviteAsync(host, "observer", Observer);
        Assert.Contains("/join.html#token=", respondentUrl);
        Assert.Contains("/backroom.html#token=", observerUrl);

        // The respondent waits in the lobby until the host admits them.
        var respondent = await NewPageAsync(1100, 900);
        await respondent.GotoAsync(respondentUrl);
        await Expect(respondent.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        await ShotAsync(respondent, "respondent-lobby");
        await Expect(host.Locator("#lobby")).ToContainTextAsync(Respondent);
        await host.GetByRole(AriaRole.Button, new() { Name = $"Admit {Respondent}" }).ClickAsync();
        await Expect(respondent.Locator("#room")).ToBeVisibleAsync();
        await Expect(respondent.Locator("#prompt-text")).ToContainTextAsync("begin shortly");
        await Expect(host.Locator("#lobby")).ToHaveCountAsync(0);

        // The observer opens the backroom; the host sees them, the respondent does not.
        var observer = await NewPageAsync(1440, 1000);
        await observer.GotoAsync(observerUrl);
        await Expect(observer.Locator("#roster")).ToContainTextAsync(Respondent);
        await Expect(host.Locator("#roster")).ToContainTextAsync(Observer);
        // The people header counts observers (the roster lists only the first 100 of a large audience).
        await Expect(host.Locator("#people-count")).ToContainTextAsync("1 observer watching");
        await Expect(observer.Locator("#people-count")).ToContainTextAsync("1 observer watching");

        // Live, and the first prompt of the guide reaches the respondent.
        await host.ClickAsync("#go-live");
        await Expect(host.Locator("#phase")).ToHaveTextAsync("Live");
        await Expect(observer.Locator("#phase")).ToHaveTextAsync("Live");
        await host.ClickAsync("#next");
        await Expect(host.Locator("#guide li.current")).ToHaveTextAsync(FirstPrompt);
        await Expect(respondent.Locator("#prompt-text")).ToHaveTextAsync(FirstPrompt);
        await Expect(observer.Locator("#prompt-text")).ToHaveTextAsync(FirstPrompt);

        // A poll: the respondent votes, the observer sees the tally move.
        await host.FillAsync("#poll-question", "Which checkout would you rather use?");
        await host.FillAsync("#poll-options", "One page\nStep by step\nExpress pay only");
        await host.ClickAsync("#open-poll");
        await Expect(respondent.Locator("#poll")).ToContainTextAsync("Which checkout would you rather use?");
        await respondent.GetByLabel("Step by step").CheckAsync();
        await respondent.GetByRole(AriaRole.Button, new() { Name = "Submit vote" }).ClickAsync();
        await Expect(respondent.Locator("#vote-recorded")).ToHaveTextAsync("✓ Vote recorded");
        await Expect(observer.Locator("[data-poll] .voters")).ToHaveTextAsync("1 vote");
        await Expect(observer.Locator("[data-poll] [data-option='1'] .bar-count")).ToHaveTextAsync("1 · 100%");
        await Expect(host.Locator("[data-poll] .voters")).ToContainTextAsync("1 vote");

        // Reactions reach staff as totals.
        await respondent.GetByRole(AriaRole.Button, new() { Name = "React 👍" }).ClickAsync();
        await Expect(host.Locator("#reactions [data-emoji='👍']")).ToContainTextAsync("1");

        // The backroom: the observer chats and drops a note; the host reads both.
        await observer.ClickAsync("#chat-tab");
        await observer.FillAsync("#chat-input", "She hesitated on the shipping step.");
        await observer.ClickAsync("#chat-form button");
        await Expect(host.Locator("#chat")).ToContainTextAsync("She hesitated on the shipping step.");
        await observer.ClickAsync("#notes-tab");
        await observer.FillAsync("#note-input", "Trust signal: mentions reviews first.");
        await observer.ClickAsync("#note-form button");
        await Expect(observer.Locator("#notes .note")).ToContainTextAsync("Trust signal: mentions reviews first.");
        await host.ClickAsync("#notes-tab");
        await Expect(host.Locator("#notes .note")).ToContainTextAsync("Trust signal: mentions reviews first.");
        await Expect(host.Locator("#notes .note")).ToContainTextAsync(FirstPrompt);

        // Nothing about the observer ever reached the respondent's page.
        await Expect(respondent.Locator("body")).Not.ToContainTextAsync("Omar");
        Assert.DoesNotContain("Omar", await respondent.ContentAsync());
        Assert.DoesNotContain("hesitated", await respondent.ContentAsync());

        await ShotAsync(host, "host-console");
        await ShotAsync(respondent, "respondent");
        await observer.ClickAsync("#chat-tab");
        await ShotAsync(observer, "observer-backroom");

        // The demo page shows three invite links with copy buttons.
        var demo = await NewPageAsync(1280, 900);
        await demo.GotoAsync($"{app.BaseUrl}/demo.html#key={LiveAppFixture.ApiKey}");
        await Expect(demo.Locator(".invite-card")).ToHaveCountAsync(3);
        await Expect(demo.Locator(".invite-card[data-role='observer'] code")).ToContainTextAsync("/backroom.html#token=");
        await Expect(demo.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToHaveCountAsync(3);
        await ShotAsync(demo, "demo");

        // The landing page lists the sessions, newest first.
        var landing = await NewPageAsync(1440, 1000);
        await landing.GotoAsync($"{app.BaseUrl}/#key={LiveAppFixture.ApiKey}");
        await Expect(landing.Locator("#sessions")).ToContainTextAsync("Checkout redesign: first impressions");
        await ShotAsync(landing, "landing");
    }

    [Fact]
    public async Task SalesCall_HostPushesCardAndRecordsWithConsent_CustomerSeesCardAndIndicator()
    {
        SetDefaultExpectTimeout(20_000);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", LiveAppFixture.ApiKey);
        var created = await http.PostAsJsonAsync("/api/sessions", new
        {
            title = "Trail shoes: personal fitting",
            kind = "salesCall",
            productCards = new[] { new { id = "trail-2", title = "Trail Runner 2", price = "$129", imageUrl = (string?)null, link = "https://example.com/trail-runner-2" } },
        });
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var hostInvite = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new { role = "host", displayName = "Sam Sales" });
        var hostUrl = (await hostInvite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var host = await NewPageAsync(1440, 1000);
        await host.GotoAsync(hostUrl);
        await Expect(host.Locator("#products")).ToBeVisibleAsync();
        var customerUrl = await InviteAsync(host, "customer", "Casey Customer");

        var customer = await NewPageAsync(1100, 900);
        await customer.GotoAsync(customerUrl);
        await Expect(customer.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Casey Customer" }).ClickAsync();
        await host.ClickAsync("#go-live");
        await Expect(customer.Locator("#prompt-text")).ToContainTextAsync("You are with Sam Sales.");
        await host.FillAsync("#adhoc", "What distance do you usually run?");
        await host.GetByRole(AriaRole.Button, new() { Name = "Show prompt" }).ClickAsync();
        await Expect(customer.Locator("#prompt-text")).ToHaveTextAsync("What distance do you usually run?");

        // A product card from the catalogue reaches the customer, with its price and link.
        await host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).GetByRole(AriaRole.Button, new() { Name = "Push" }).ClickAsync();
        await Expect(customer.Locator("#product")).ToContainTextAsync("Trail Runner 2");
        await Expect(customer.Locator("#product")).ToContainTextAsync("$129");
        await Expect(customer.Locator("#product a")).ToHaveAttributeAsync("href", "https://example.com/trail-runner-2");

        // Recording waits for the customer's consent, then starts without a second press of Start.
        await host.ClickAsync("#rec-start");
        await Expect(host.Locator("#rec-pending")).ToContainTextAsync("Waiting for consent from Casey Customer");
        await Expect(host.Locator("#rec-status")).ToHaveTextAsync("Off");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Allow recording" }).ClickAsync();
        await Expect(host.Locator("#roster")).ToContainTextAsync("Consents");
        await Expect(customer.Locator("#rec")).ToHaveTextAsync("Recording");
        await Expect(host.Locator("#rec-status")).ToHaveTextAsync("Recording");
        await ShotAsync(customer, "customer-sales-call");
        await ShotAsync(host, "host-sales-call");
        // Stopped, with everyone's consent still in: the panel says it is ready to record again.
        await host.ClickAsync("#rec-stop");
        await Expect(host.Locator("#rec-pending")).ToHaveTextAsync("Everyone has consented: ready to record.");

        // Ending the session sends the customer to a goodbye screen.
        await host.ClickAsync("#end");
        await host.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
        await Expect(customer.GetByText("This session has ended")).ToBeVisibleAsync();
        await Expect(host.Locator("#phase")).ToHaveTextAsync("Ended");
    }

    private async Task<string> InviteAsync(IPage host, string role, string name)
    {
        await host.SelectOptionAsync("#invite-role", role);
        await host.FillAsync("#invite-name", name);
        await host.ClickAsync("#invite-create");
        var result = host.Locator($"#invite-result[data-role='{role}']");
        await Expect(result).ToContainTextAsync(name);
        return await result.Locator("code").InnerTextAsync();
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        // One context per person: separate storage, as separate people on separate machines.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") output.WriteLine($"[browser] {message.Text}"); };
        page.PageError += (_, error) => output.WriteLine($"[page error] {error}");
        return page;
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var path = await Screenshots.TakeAsync(page, name);
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
    }
}
