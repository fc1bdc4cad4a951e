using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class ProductCardTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly ProductCard Watch = new("watch", "Chronograph, steel", "$1,250", "https://shop.example/watch.jpg", "https://shop.example/watch");

    [Fact]
    public async Task PushAndWithdraw_CustomerSeesCard()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall, cards: [Watch]);
        var cara = await s.JoinAsync(Role.Customer, "Cara", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        var shown = await s.Stage.PushCardAsync(host, new ProductCard("watch", "", "", null, null));
        Assert.Equal(Watch, shown);
        Assert.Equal(Watch, (await s.Session.GetViewAsync(cara)).Card);
        var evt = await events.WaitForAsync(e => e.Type == SessionEventTypes.Card);
        Assert.Equal(Audience.Everyone, evt.Audience);

        await s.Stage.WithdrawCardAsync(host);
        Assert.Null((await s.Session.GetViewAsync(cara)).Card);
        await Refusal.ExpectAsync("no-card", () => s.Stage.WithdrawCardAsync(host));
    }

    [Fact]
    public async Task AdHocCard_Validated()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var card = await s.Stage.PushCardAsync(host, new ProductCard("", "Leather strap", "$90", null, "https://shop.example/strap"));
        Assert.StartsWith("card", card.Id);
        await Refusal.ExpectAsync("invalid-input", () => s.Stage.PushCardAsync(host, new ProductCard("", "Strap", "$1", "javascript:alert(1)", null)));
        await Refusal.ExpectAsync("invalid-input", () => s.Stage.PushCardAsync(host, new ProductCard("", "", "$1", null, null)));
        Assert.Equal(card, (await s.Session.GetViewAsync(host)).Card);
    }

    [Fact]
    public async Task Cards_InFocusGroupOrByCustomer_Refused()
    {
        var (focus, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("wrong-kind", () => focus.Stage.PushCardAsync(host, Watch));
        var (sales, salesHost) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall, cards: [Watch]);
        var cara = await sales.JoinAsync(Role.Customer, "Cara", hostId: salesHost);
        await Refusal.ExpectAsync("not-host", () => sales.Stage.PushCardAsync(cara, Watch));
        Assert.Null((await sales.Session.GetViewAsync(cara)).Card);
    }
}
