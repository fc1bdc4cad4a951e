using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

/// <summary>The customer opening a pushed card's link, as staff see it.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class CardOpenedTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly ProductCard Watch = new("watch", "Chronograph, steel", "$1,250", null, "https://shop.example/watch");

    [Fact]
    public async Task CustomerOpensCard_StaffToldOnce_GuestViewHasNoTrace()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall, cards: [Watch]);
        var cara = await s.JoinAsync(Role.Customer, "Cara", hostId: host);
        await s.Stage.PushCardAsync(host, Watch);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await s.Stage.CardOpenedAsync(cara, "watch");
        var opened = await events.WaitForAsync(e => e.Type == SessionEventTypes.CardOpened);
        Assert.Equal(Audience.Staff, opened.Audience);
        var data = (CardOpened)opened.Data!;
        Assert.Equal(("watch", cara), (data.CardId, data.ParticipantId));

        await s.Stage.CardOpenedAsync(cara, "watch");
        // Withdrawing publishes after anything the repeat could have published: still one cardOpened.
        await s.Stage.WithdrawCardAsync(host);
        await events.WaitForAsync(e => e.Type == SessionEventTypes.Card);
        Assert.Single(events.Events, e => e.Type == SessionEventTypes.CardOpened);
        Assert.Equal(data, Assert.Single((await s.Session.GetViewAsync(host)).CardsOpened!));
        Assert.Null((await s.Session.GetViewAsync(cara)).CardsOpened);
    }

    [Fact]
    public async Task CardOpened_ByStaffOrForACardNotOnScreen_RefusedAndNothingKept()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall, cards: [Watch]);
        var cara = await s.JoinAsync(Role.Customer, "Cara", hostId: host);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        await Refusal.ExpectAsync("no-card", () => s.Stage.CardOpenedAsync(cara, "watch"));
        await s.Stage.PushCardAsync(host, Watch);
        await Refusal.ExpectAsync("not-guest", () => s.Stage.CardOpenedAsync(host, "watch"));
        await Refusal.ExpectAsync("not-guest", () => s.Stage.CardOpenedAsync(observer, "watch"));
        await Refusal.ExpectAsync("no-card", () => s.Stage.CardOpenedAsync(cara, "strap"));
        Assert.Empty((await s.Session.GetViewAsync(host)).CardsOpened!);
    }
}
