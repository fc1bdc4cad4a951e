using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class BadInputTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_EmptyTitle_RefusedAndNothingCreated(string title)
    {
        var session = Grains.GetGrain<ISessionGrain>("bad-" + Guid.NewGuid());
        await Refusal.ExpectAsync("invalid-input", () => session.CreateAsync(new SessionSpec(title, SessionKind.FocusGroup)));
        await Refusal.ExpectAsync("unknown-session", () => session.GetSummaryAsync());
    }

    [Fact]
    public async Task Create_OversizedOrMalformed_Refused()
    {
        var session = Grains.GetGrain<ISessionGrain>("bad-" + Guid.NewGuid());
        await Refusal.ExpectAsync("invalid-input", () => session.CreateAsync(new SessionSpec(new string('t', 201), SessionKind.FocusGroup)));
        await Refusal.ExpectAsync("invalid-input", () => session.CreateAsync(new SessionSpec("ok", (SessionKind)42)));
        await Refusal.ExpectAsync("invalid-input", () => session.CreateAsync(new SessionSpec("ok", SessionKind.FocusGroup,
            Enumerable.Repeat("p", SessionLimits.MaxGuidePrompts + 1).ToList())));
        await Refusal.ExpectAsync("invalid-input", () => session.CreateAsync(new SessionSpec("ok", SessionKind.FocusGroup,
            ProductCards: [new ProductCard("c", "Card", "$1", null, null)])));
        await Refusal.ExpectAsync("unknown-session", () => session.GetSummaryAsync());
    }

    [Fact]
    public async Task Join_BadIdentity_Refused()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        await Refusal.ExpectAsync("wrong-session", () => s.Lobby.JoinAsync(new ParticipantIdentity("other-session", "p1", "Pat", Role.Host)));
        await Refusal.ExpectAsync("invalid-input", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, "p1", new string('n', 81), Role.Host)));
        await Refusal.ExpectAsync("invalid-input", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, "p1", "Pat", (Role)9)));
        Assert.Equal(0, (await s.Session.GetSummaryAsync()).HostCount);
    }

    [Fact]
    public async Task Refusals_AreCountedByCode()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        double Count(string code) => Live.Grains.Infrastructure.SessionMetrics.RuleViolations.WithLabels(code).Value;
        var (invalid, phase) = (Count("invalid-input"), Count("wrong-phase"));
        await Refusal.ExpectAsync("invalid-input", () => s.Stage.ShowAdHocPromptAsync(host, ""));
        await Refusal.ExpectAsync("wrong-phase", () => s.Session.GoLiveAsync(host));
        Assert.True(Count("invalid-input") >= invalid + 1, "an invalid-input refusal was not counted");
        Assert.True(Count("wrong-phase") >= phase + 1, "a wrong-phase refusal was not counted");
    }

    [Fact]
    public async Task UnknownParticipant_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("unknown-participant", () => s.Session.GetViewAsync("nobody"));
        await Refusal.ExpectAsync("unknown-participant", () => s.Lobby.AdmitAsync(host, "nobody"));
        await Refusal.ExpectAsync("unknown-participant", () => s.Feedback.ReactAsync("nobody", "👍"));
    }

    [Fact]
    public async Task Join_ExistingIdWithOtherRole_Refused()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        await Refusal.ExpectAsync("wrong-role", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, host, "Hana", Role.Observer)));
        var participant = Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, host));
        await Refusal.ExpectAsync("wrong-role", () => participant.ConnectAsync(new ParticipantIdentity(s.Id, host, "Hana", Role.Respondent), s.GatewayId, "c2"));
        Assert.Equal(Role.Host, (await s.Session.GetViewAsync(host)).Me.Role);
    }
}
