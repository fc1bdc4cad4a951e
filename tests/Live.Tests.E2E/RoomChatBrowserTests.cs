using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// A sales call in Chromium: the host and the customer write to each other (a spelling one way, a link the other), an
/// observer reads along without a way to write, the host sees "Opened ✓" on the card whose link the customer opened,
/// and on a phone a line that arrives while the chat is off screen shows an unread cue.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RoomChatBrowserTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private const int PhoneWidth = 390, PhoneHeight = 844;
    private const string ProductLink = "https://shop.example/trail-runner-2";

    [Fact]
    public async Task SalesCall_HostAndCustomerChatBothWays_ObserverReadsOnly_HostSeesCardOpened()
    {
        SetDefaultExpectTimeout(30_000);
        var (sessionId, host) = await LiveSalesCallAsync("Trail shoes, chat", 1440, 1000);
        var customer = await NewPageAsync(1280, 900);
        await customer.GotoAsync(await app.InviteAsync(sessionId, "customer", "Casey Kowalczyk"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Casey Kowalczyk" }).ClickAsync();
        await Expect(customer.Locator("#room")).ToBeVisibleAsync();
        var observer = await NewPageAsync(1440, 1000);
        await observer.GotoAsync(await app.InviteAsync(sessionId, "observer", "Omar Observer"));
        await Expect(observer.Locator("#room-chat .empty")).ToBeVisibleAsync();

        // Customer → host: a spelling, sent with Enter.
        await Expect(customer.Locator("#room-chat-h")).ToHaveTextAsync("Chat with Hana Host");
        await customer.FillAsync("#room-input", "My name is spelled K-o-w-a-l-c-z-y-k");
        await customer.PressAsync("#room-input", "Enter");
        await Expect(host.Locator("#room-feed .room-msg", new() { HasText = "K-o-w-a-l-c-z-y-k" }).Locator(".who")).ToContainTextAsync("Casey Kowalczyk");
        await Expect(customer.Locator("#room-feed .room-msg.mine", new() { HasText = "K-o-w-a-l-c-z-y-k" })).ToBeVisibleAsync();
        await Expect(customer.Locator("#room-input")).ToHaveValueAsync("");

        // Host → customer: a link, clickable on the customer's side.
        await host.FillAsync("#room-input", "Here is the size guide: https://shop.example/size-guide.");
        await host.ClickAsync("#room-form button");
        var line = customer.Locator("#room-feed .room-msg", new() { HasText = "size guide" });
        await Expect(line.Locator(".role-tag")).ToHaveTextAsync("Host");
        await Expect(line.Locator("a")).ToHaveAttributeAsync("href", "https://shop.example/size-guide");

        // The observer reads both lines and has nothing to write with.
        await Expect(observer.Locator("#room-feed .room-msg")).ToHaveCountAsync(2);
        await Expect(observer.Locator("#room-chat input, #room-chat textarea, #room-chat button")).ToHaveCountAsync(0);

        // The card: pushed, not opened yet; the customer opens its link; the host sees when.
        await host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).GetByRole(AriaRole.Button, new() { Name = "Push" }).ClickAsync();
        await Expect(host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).Locator(".badge", new() { HasText = "On screen" })).ToBeVisibleAsync();
        await Expect(host.Locator(".card-opened")).ToHaveCountAsync(0);
        var view = customer.GetByRole(AriaRole.Link, new() { Name = "View product" });
        await Expect(view).ToHaveAttributeAsync("href", ProductLink);
        var popup = customer.Context.WaitForPageAsync();
        await view.ClickAsync();
        await (await popup).CloseAsync();
        await Expect(host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).Locator(".card-opened")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Opened ✓ \d{1,2}:\d{2}"));
        await Expect(host.Locator("#on-stage-card .card-opened")).ToBeVisibleAsync();
        await Expect(observer.Locator("#room-feed .room-msg")).ToHaveCountAsync(2);

        await Screenshots.TakeAsync(host, "host-sales-call-chat-desktop");
        await Screenshots.TakeAsync(customer, "customer-sales-call-chat-desktop");
        await Screenshots.TakeAsync(observer, "backroom-sales-call-chat-desktop");
        var hostPhone = await NewPageAsync(PhoneWidth, PhoneHeight);
        await hostPhone.GotoAsync(host.Url);
        await Expect(hostPhone.Locator("#room-feed .room-msg")).ToHaveCountAsync(2);
        await Expect(hostPhone.Locator(".card-opened").First).ToBeVisibleAsync();
        await Screenshots.TakeAsync(hostPhone, "host-sales-call-chat-phone");
    }

    [Fact]
    public async Task Phone_LineArrivesWhileChatOffScreen_UnreadPillShows_AndClearsWhenRead()
    {
        SetDefaultExpectTimeout(30_000);
        var (sessionId, host) = await LiveSalesCallAsync("Trail shoes, phone chat", 1440, 1000);
        var customer = await NewPageAsync(PhoneWidth, PhoneHeight);
        await customer.GotoAsync(await app.InviteAsync(sessionId, "customer", "Casey Customer"));
        await host.GetByRole(AriaRole.Button, new() { Name = "Admit Casey Customer" }).ClickAsync();
        await Expect(customer.Locator("#room")).ToBeVisibleAsync();
        // A prompt, a card and a poll keep the phone's screen busy: the chat sits below them, off screen.
        await host.ClickAsync("#next");
        await Expect(customer.Locator("#prompt-text")).ToHaveTextAsync("What brings you in today?");
        await host.Locator("#catalogue li", new() { HasText = "Trail Runner 2" }).GetByRole(AriaRole.Button, new() { Name = "Push" }).ClickAsync();
        await host.FillAsync("#poll-question", "Which fit do you prefer?");
        await host.FillAsync("#poll-options", "Snug\nRoomy\nIn between\nNot sure yet");
        await host.ClickAsync("#open-poll");
        await Expect(customer.Locator("#vote-form")).ToBeVisibleAsync();
        await customer.EvaluateAsync("() => window.scrollTo(0, 0)");
        var feedBottom = await customer.EvaluateAsync<double>("() => document.querySelector('#room-feed').getBoundingClientRect().bottom");
        Assert.True(feedBottom > PhoneHeight, $"the chat's lines should end below the fold of the phone, they end at {feedBottom:F0}");
        await Expect(customer.Locator("#room-feed .empty")).ToBeAttachedAsync();
        await Expect(customer.Locator("#chat-unread")).ToBeHiddenAsync();

        await host.FillAsync("#room-input", "Sizes run small, so go half a size up");
        await host.PressAsync("#room-input", "Enter");
        await Expect(customer.Locator("#chat-unread")).ToHaveTextAsync("💬 1 new message");
        await Expect(customer.Locator("#room-feed[role=log]")).ToContainTextAsync("Sizes run small");
        await Expect(customer.Locator("#room-chat .new-cue")).ToBeVisibleAsync();
        await customer.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Directory, "customer-phone-chat-unread-viewport.png") });

        await customer.ClickAsync("#chat-unread");
        await Expect(customer.Locator("#chat-unread")).ToBeHiddenAsync();
        await Expect(customer.Locator("#room-input")).ToBeFocusedAsync();
        await Expect(customer.Locator("#room-chat")).ToBeInViewportAsync();
        await customer.FillAsync("#room-input", "Thanks!");
        await customer.PressAsync("#room-input", "Enter");
        await Expect(host.Locator("#room-feed .room-msg", new() { HasText = "Thanks!" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(customer, "customer-sales-call-chat-phone");
    }

    /// <summary>A live sales call with one catalogue card, and its host's console open at the given size.</summary>
    private async Task<(string SessionId, IPage Host)> LiveSalesCallAsync(string title, int width, int height)
    {
        using var http = app.AdminApi();
        var created = await http.PostAsJsonAsync("/api/sessions", new
        {
            title, kind = "salesCall", guide = new[] { "What brings you in today?" },
            productCards = new[] { new { id = "trail-2", title = "Trail Runner 2", price = "$129", imageUrl = (string?)null, link = ProductLink } },
        });
        created.EnsureSuccessStatusCode();
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var host = await NewPageAsync(width, height);
        await host.GotoAsync(await app.InviteAsync(sessionId, "host", "Hana Host"));
        await host.ClickAsync("#go-live");
        await Expect(host.Locator("#phase")).ToHaveTextAsync("Live");
        return (sessionId, host);
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } });
        // The product's shop is not on the network here: answer its link locally, so the new tab has a page to show.
        await context.RouteAsync("https://shop.example/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<h1>Trail Runner 2</h1>" }));
        var page = await context.NewPageAsync();
        // Loading a page has taken over 30 s on a 2-core machine shared with other Chromium runs.
        page.SetDefaultNavigationTimeout(90_000);
        page.PageError += (_, error) => output.WriteLine($"[page error] {error}");
        return page;
    }
}
