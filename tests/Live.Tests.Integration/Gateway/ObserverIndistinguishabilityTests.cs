using System.Text.Json;
using Live.Gateway.Api;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// The promise of hidden observers, as a test: the same scripted session runs twice on a real gateway, once with
/// observers (joining, chatting, noting, reacting, voting where allowed, reading the room chat and failing to write in it,
/// seeing the customer open a card, negotiating media, leaving and rejoining) and
/// once without; every hub record each guest receives (raw, from the WebSocket) and every REST answer their token or no
/// credentials can fetch must be the same, once clock values and random ids are normalized (<see cref="GuestTrace"/>).
/// Events are compared in arrival order; replies to the guest's own calls are compared in their own order, because a
/// reply and an event travel different paths and may swap places in either run.
/// </summary>
/// <remarks>
/// Each step that could leak ends on a positive signal that the session has published everything it caused (the host
/// sees the observer count, the tally, the reaction totals or the staff-only media event: all go out on the same
/// ordered stream and the same publishing tick as anything a guest would get), so nothing is compared before it could
/// have arrived. Media coverage is signaling only (offers, answers, the <c>media</c> event, tracks); RTP and RTCP,
/// keyframe requests included, are not part of this comparison.
/// </remarks>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class ObserverIndistinguishabilityTests(GatewayFixture gateway)
{
    private readonly string _recvOnlyOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-recvonly.sdp"));

    [Fact]
    public async Task FocusGroup_WithAndWithoutObservers_RespondentsReceiveIdenticalFrames()
    {
        var without = await FocusGroupAsync(withObservers: false);
        var with = await FocusGroupAsync(withObservers: true);
        for (var i = 0; i < without.Length; i++) GuestTrace.AssertSame(without[i], with[i]);
    }

    [Fact]
    public async Task SalesCall_WithAndWithoutObservers_CustomerReceivesIdenticalFrames()
    {
        var without = await SalesCallAsync(withObservers: false);
        var with = await SalesCallAsync(withObservers: true);
        for (var i = 0; i < without.Length; i++) GuestTrace.AssertSame(without[i], with[i]);
        // The shop's context for the salesperson, shared from the customer's own link, never comes back to her.
        foreach (var trace in with)
        foreach (var record in trace.Events.Concat(trace.Replies))
        foreach (var marker in ContextMarkers)
            Assert.DoesNotContain(marker, record);
    }

    /// <summary>Distinctive values in the customer's context, to look for in everything she receives.</summary>
    private static readonly string[] ContextMarkers = ["Zq-Name-Marker", "Zq-Company-Marker", "ZQ-CRM-7731", "4242.42", "https://shop.example/zq-page", "Zq-Note-Marker"];

    private static string CustomerContextToken() => CustomerContextSigner.Sign(
        $$"""{"exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}},"name":"Zq-Name-Marker","company":"Zq-Company-Marker","crmId":"ZQ-CRM-7731","cartValue":4242.42,"currency":"EUR","page":"https://shop.example/zq-page","note":"Zq-Note-Marker"}""",
        GatewayFixture.CustomerContextKey);

    private async Task<GuestTrace[]> FocusGroupAsync(bool withObservers)
    {
        var session = await gateway.CreateSessionAsync();
        var run = new ScriptedRun(gateway, session.Id);
        await using var host = await run.HostAsync();
        var o1 = withObservers ? await run.ObserverAsync(host, "Omar", present: 1) : null;

        var riley = await run.GuestAsync(host, Role.Respondent, "Riley");
        if (o1 is not null) await o1.Connection.InvokeAsync<JsonElement>("Chat", "Riley looks nervous");
        var o2 = withObservers ? await run.ObserverAsync(host, "Olga", present: 2) : null;
        var sam = await run.GuestAsync(host, Role.Respondent, "Sam");

        await host.Connection.InvokeAsync("GoLive");
        if (o1 is not null && o2 is not null)
        {
            await o1.Connection.InvokeAsync<JsonElement>("AddNote", "Trust comes from reviews");
            await o2.Connection.InvokeAsync("React", "🤔");
            await host.WaitForAsync("reactions", r => r.TryGetProperty("🤔", out var n) && n.GetInt64() == 1);
        }
        if (o1 is not null && o2 is not null)
        {
            o1 = await run.RejoinObserverAsync(host, o1, present: 2);
            // An observer's first media negotiation starts the session's media router.
            var answer = await o2.Connection.InvokeAsync<JsonElement>("Negotiate", Offer(_recvOnlyOffer));
            Assert.True(answer.GetProperty("epoch").GetInt64() > 0);
            await host.WaitForAsync("media", m => m.GetProperty("active").GetBoolean());
        }
        await host.Connection.InvokeAsync<JsonElement>("NextPrompt");
        await riley.InvokeAsync("Negotiate", Offer(_recvOnlyOffer));
        await Task.WhenAll(riley.WaitForEventAsync("media"), sam.WaitForEventAsync("media"));

        var poll = await host.Connection.InvokeAsync<JsonElement>("OpenPoll", "Which page felt most trustworthy?",
            new[] { "Home", "Gift guide", "Product page" }, false, true);
        var pollId = poll.GetProperty("id").GetString()!;
        await riley.InvokeAsync("Vote", pollId, new[] { 2 });
        await sam.InvokeAsync("Vote", pollId, new[] { 1 });
        if (o2 is not null) await o2.Connection.InvokeAsync<JsonElement>("Vote", pollId, new[] { 0 });
        await host.WaitForAsync("tally", t => t.GetProperty("voters").GetInt32() == (withObservers ? 3 : 2));
        await host.Connection.InvokeAsync<JsonElement>("ClosePoll", pollId);
        await host.Connection.InvokeAsync<JsonElement>("RevealPoll", pollId);

        await riley.InvokeAsync("Chat", "May I see the backroom?"); // refused the same way in both runs

        // The room chat: observers read it but cannot write in it, so guests see the same lines either way.
        if (o1 is not null)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => o1.Connection.InvokeAsync<JsonElement>("SendMessage", "Hello from the backroom"));
            Assert.Contains("observers-read-only", refused.Message);
        }
        await host.Connection.InvokeAsync<JsonElement>("SendMessage", "The survey link: https://example.com/survey");
        await riley.InvokeAsync("SendMessage", "Thanks! Riley with a y");
        await Task.WhenAll(run.Guests.Select(g => g.WaitForEventAsync("message", m => m.GetProperty("text").GetString() == "Thanks! Riley with a y")));
        if (o1 is not null) await o1.WaitForAsync("message", m => m.GetProperty("text").GetString() == "Thanks! Riley with a y");
        if (o1 is not null)
        {
            await o1.Connection.InvokeAsync<JsonElement>("Chat", "Nice reveal");
            await o1.Connection.InvokeAsync<JsonElement>("AddNote", "Product page wins");
            await host.WaitForAsync("note", n => n.GetProperty("text").GetString() == "Product page wins");
        }
        foreach (var guest in run.Guests) await run.FetchRestAsync(guest);

        await host.Connection.InvokeAsync<JsonElement>("ShowPrompt", "Thank you all");
        await host.Connection.InvokeAsync<JsonElement>("EndSession");
        var traces = await run.FinishAsync();
        if (withObservers) await Task.WhenAll(o1!.DisposeAsync().AsTask(), o2!.DisposeAsync().AsTask());
        return traces;
    }

    private async Task<GuestTrace[]> SalesCallAsync(bool withObservers)
    {
        var session = await gateway.CreateSessionAsync(SessionKind.SalesCall, "Welcome", "Needs");
        var run = new ScriptedRun(gateway, session.Id);
        await using var host = await run.HostAsync();
        var o1 = withObservers ? await run.ObserverAsync(host, "Otto", present: 1) : null;
        if (o1 is not null)
        {
            await o1.Connection.InvokeAsync<JsonElement>("Chat", "Big account");
            await o1.Connection.InvokeAsync<JsonElement>("Chat", "Push the gift box");
        }
        var casey = await run.GuestAsync(host, Role.Customer, "Casey");
        await casey.InvokeAsync("ShareCustomerContext", CustomerContextToken());
        await host.WaitForAsync("customerContext");
        if (o1 is not null) await o1.WaitForAsync("customerContext");

        await host.Connection.InvokeAsync("GoLive");
        if (o1 is not null)
        {
            await o1.Connection.InvokeAsync<JsonElement>("AddNote", "Asked about price twice");
            await o1.Connection.InvokeAsync("React", "👍");
            await host.WaitForAsync("reactions", r => r.TryGetProperty("👍", out var n) && n.GetInt64() == 1);
            await o1.Connection.InvokeAsync<JsonElement>("Negotiate", Offer(_recvOnlyOffer));
            await host.WaitForAsync("media", m => m.GetProperty("active").GetBoolean());
        }
        var card = await host.Connection.InvokeAsync<JsonElement>("PushCard", new ProductCard("", "Gift box", "$45", null, "https://shop.example/gift-box"));
        await casey.InvokeAsync("React", "👍");

        // Host and customer chat; an observer's line is refused; the customer opens the card (staff see it, she does not).
        await casey.InvokeAsync("SendMessage", "Can you spell the engraving font?");
        if (o1 is not null)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => o1.Connection.InvokeAsync<JsonElement>("SendMessage", "Offer a discount"));
            Assert.Contains("observers-read-only", refused.Message);
        }
        await host.Connection.InvokeAsync<JsonElement>("SendMessage", "B-o-d-o-n-i");
        await casey.WaitForEventAsync("message", m => m.GetProperty("text").GetString() == "B-o-d-o-n-i");
        var mark = host.Received.Count;
        await casey.InvokeAsync("CardOpened", card.GetProperty("id").GetString());
        await ScriptedRun.WaitAfterAsync(host, mark, "cardOpened", c => c.GetProperty("cardId").GetString() == card.GetProperty("id").GetString());
        if (o1 is not null) await o1.WaitForAsync("cardOpened", _ => true);
        if (o1 is not null) o1 = await run.RejoinObserverAsync(host, o1, present: 1);
        await casey.InvokeAsync("Negotiate", Offer(_recvOnlyOffer));
        await casey.WaitForEventAsync("media");
        await host.Connection.InvokeAsync("WithdrawCard");
        foreach (var guest in run.Guests) await run.FetchRestAsync(guest);

        await host.Connection.InvokeAsync<JsonElement>("EndSession");
        var traces = await run.FinishAsync();
        if (o1 is not null) await o1.DisposeAsync();
        return traces;
    }

    private static object Offer(string sdp) =>
        new { sdp, publish = new Dictionary<string, string>(), subscribe = new Dictionary<string, string>() };
}
