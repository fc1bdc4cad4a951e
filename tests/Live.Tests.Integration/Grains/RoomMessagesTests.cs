using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

/// <summary>The room's text chat between hosts and guests: who may write, who reads, its bounds and its durability.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class RoomMessagesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private ISessionMessages Messages(SessionScenario s) => Grains.GetGrain<ISessionMessages>(s.Id);

    [Theory]
    [InlineData(SessionKind.SalesCall)]
    [InlineData(SessionKind.FocusGroup)]
    public async Task HostAndGuest_ExchangeLines_EveryoneAdmittedReadsThem(SessionKind kind)
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, kind);
        var guest = await s.JoinAsync(s.GuestRole, "Cara", hostId: host);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        var fromHost = await Messages(s).SendMessageAsync(host, "Here is the link: https://shop.example/watch");
        var fromGuest = await Messages(s).SendMessageAsync(guest, "  It's spelled Kowalczyk  ");

        Assert.Equal(Role.Host, fromHost.Role);
        Assert.Equal(s.GuestRole, fromGuest.Role);
        Assert.Equal("It's spelled Kowalczyk", fromGuest.Text);
        await events.WaitUntilAsync(e => e.Count(x => x.Type == SessionEventTypes.Message) == 2);
        Assert.All(events.Events.Where(e => e.Type == SessionEventTypes.Message), e => Assert.Equal(Audience.Everyone, e.Audience));
        foreach (var reader in new[] { host, guest, observer })
            Assert.Equal([fromHost.Id, fromGuest.Id], (await s.Session.GetViewAsync(reader)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Observer_Writing_RefusedAndNothingChanges()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await Refusal.ExpectAsync("observers-read-only", () => Messages(s).SendMessageAsync(observer, "Hi customer"));
        // The host's line is the moment the refused one would have been published before: only the host's arrives.
        var line = await Messages(s).SendMessageAsync(host, "Welcome");
        await events.WaitForAsync(e => e.Type == SessionEventTypes.Message && ((RoomMessage)e.Data!).Id == line.Id);
        Assert.Single(events.Events, e => e.Type == SessionEventTypes.Message);
        Assert.Equal([line.Id], (await s.Session.GetViewAsync(host)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task OversizedEmptyWaitingOrEnded_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var waiting = await s.JoinAsync(Role.Customer, "Cara", admit: false);
        await Refusal.ExpectAsync("invalid-input", () => Messages(s).SendMessageAsync(host, new string('x', SessionLimits.MaxMessageLength + 1)));
        await Refusal.ExpectAsync("invalid-input", () => Messages(s).SendMessageAsync(host, "   "));
        await Refusal.ExpectAsync("not-admitted", () => Messages(s).SendMessageAsync(waiting, "let me in"));
        Assert.Empty((await s.Session.GetViewAsync(host)).Messages);

        await s.Session.EndAsync(host);
        await Refusal.ExpectAsync("wrong-phase", () => Messages(s).SendMessageAsync(host, "bye"));
        Assert.Empty((await s.Session.GetViewAsync(host)).Messages);
    }

    [Fact]
    public async Task Flood_RateLimited_OnlyAcceptedLinesKept()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var cara = await s.JoinAsync(Role.Customer, "Cara", hostId: host);
        var accepted = new List<string>();
        var refused = 0;
        for (var i = 0; i < 20; i++)
        {
            try { accepted.Add((await Messages(s).SendMessageAsync(cara, $"line {i}")).Id); }
            catch (SessionRuleException e) when (e.Code == "rate-limited") { refused++; }
        }
        Assert.True(refused > 0, "twenty lines at once should run past the burst of five");
        Assert.Equal(accepted, (await s.Session.GetViewAsync(host)).Messages.Select(m => m.Id));
        // The host's own pace is separate: a flooding guest does not silence the host.
        await Messages(s).SendMessageAsync(host, "Take your time");
    }

    [Fact]
    public async Task Lines_SurviveDeactivation()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains, SessionKind.SalesCall);
        var cara = await s.JoinAsync(Role.Customer, "Cara", hostId: host);
        var line = await Messages(s).SendMessageAsync(cara, "Is it waterproof?");

        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var kept = Assert.Single((await s.Session.GetViewAsync(cara)).Messages);
        Assert.Equal((line.Id, line.Text), (kept.Id, kept.Text));
        // Ids keep counting after reactivation.
        Assert.NotEqual(line.Id, (await Messages(s).SendMessageAsync(host, "Yes, to 100 m")).Id);
    }
}
