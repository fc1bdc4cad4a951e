using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

/// <summary>A customer's context from the shop: kept on their roster record, shown to staff (hosts and observers), never to a guest.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class CustomerContextTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly CustomerContext Casey = new("Casey Doe", "Acme", "CRM-42", 1234.5m, "EUR", "https://shop.example/gifts", "Prefers email");

    [Fact]
    public async Task SetCustomerContext_WaitingCustomer_DurableAndInStaffViewsOnly()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var observer = await s.JoinAsync(Role.Observer, "Olga");
        var casey = await s.JoinAsync(Role.Customer, "Casey", admit: false);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await s.Lobby.SetCustomerContextAsync(casey, Casey);

        var notice = await events.WaitForAsync(e => e.Type == SessionEventTypes.CustomerContext);
        Assert.Equal(Audience.Staff, notice.Audience);
        Assert.Equal(new CustomerContextNotice(casey, Casey), notice.Data);
        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(Casey, (await s.Session.GetViewAsync(host)).CustomerContexts![casey]);
        Assert.Equal(Casey, (await s.Session.GetViewAsync(observer)).CustomerContexts![casey]);
        // The customer, waiting or admitted, never gets it back.
        Assert.Null((await s.Session.GetViewAsync(casey)).CustomerContexts);
        await s.Lobby.AdmitAsync(host, casey);
        Assert.Null((await s.Session.GetViewAsync(casey)).CustomerContexts);
    }

    [Fact]
    public async Task SetCustomerContext_Again_ReplacesTheLastOne()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var casey = await s.JoinAsync(Role.Customer, "Casey", admit: false);
        var updated = Casey with { CartValue = 80m };

        await s.Lobby.SetCustomerContextAsync(casey, Casey);
        await s.Lobby.SetCustomerContextAsync(casey, updated);

        Assert.Equal(updated, (await s.Session.GetViewAsync(host)).CustomerContexts![casey]);
    }

    [Fact]
    public async Task SetCustomerContext_ForStaffOrOutOfRange_RefusedAndChangesNothing()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var casey = await s.JoinAsync(Role.Customer, "Casey", admit: false);
        var lobby = s.Lobby;
        await lobby.SetCustomerContextAsync(casey, Casey);

        await Refusal.ExpectAsync("wrong-role", () => lobby.SetCustomerContextAsync(host, Casey));
        await Refusal.ExpectAsync("invalid-input", () => lobby.SetCustomerContextAsync(casey, Casey with { Note = new string('n', CustomerContext.MaxNoteLength + 1) }));
        await Refusal.ExpectAsync("invalid-input", () => lobby.SetCustomerContextAsync(casey, Casey with { Currency = "euro" }));
        await Refusal.ExpectAsync("invalid-input", () => lobby.SetCustomerContextAsync(casey, new CustomerContext(null, null, null, null, null, null, null)));

        var contexts = (await s.Session.GetViewAsync(host)).CustomerContexts!;
        Assert.Equal(Casey, Assert.Single(contexts).Value);
    }
}
