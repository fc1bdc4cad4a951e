using Live.Directory;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class SessionLifecycleTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Create_ValidSpec_IsScheduledAndListed()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var summary = await s.Session.GetSummaryAsync();
        Assert.Equal(SessionPhase.Scheduled, summary.Phase);
        Assert.Equal("Checkout research", summary.Title);
        var listed = await Grains.GetGrain<ISessionDirectoryGrain>(ISessionDirectoryGrain.DefaultKey).ListAsync(1000);
        Assert.Contains(listed, x => x.Id == s.Id);
    }

    [Fact]
    public async Task Create_Twice_RefusedAndFirstKept()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        await Refusal.ExpectAsync("session-exists", () => s.Session.CreateAsync(new SessionSpec("Other", SessionKind.SalesCall)));
        Assert.Equal("Checkout research", (await s.Session.GetSummaryAsync()).Title);
    }

    [Fact]
    public async Task GoLive_ByHost_StartsClockAndTellsEveryone()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await s.Session.GoLiveAsync(host);
        var evt = await events.WaitForAsync(e => e.Type == SessionEventTypes.Phase);
        Assert.Equal(Audience.Everyone, evt.Audience);
        Assert.Equal(SessionPhase.Live, ((SessionSummary)evt.Data!).Phase);
        Assert.NotNull((await s.Session.GetSummaryAsync()).LiveAt);
    }

    [Fact]
    public async Task GoLive_ByRespondentOrObserver_RefusedAndStillScheduled()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var respondent = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        await Refusal.ExpectAsync("not-host", () => s.Session.GoLiveAsync(respondent));
        await Refusal.ExpectAsync("not-host", () => s.Session.GoLiveAsync(observer));
        Assert.Equal(SessionPhase.Scheduled, (await s.Session.GetSummaryAsync()).Phase);
    }

    [Fact]
    public async Task End_ThenEverythingRefused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var respondent = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await s.Session.EndAsync(hostId: null);
        await Refusal.ExpectAsync("wrong-phase", () => s.Session.EndAsync(host));
        await Refusal.ExpectAsync("wrong-phase", () => s.Stage.NextPromptAsync(host));
        await Refusal.ExpectAsync("wrong-phase", () => s.Feedback.OpenPollAsync(host, "Q?", ["a", "b"], false, false));
        await Refusal.ExpectAsync("wrong-phase", () => s.Feedback.ReactAsync(respondent, "👍"));
        await Refusal.ExpectAsync("wrong-phase", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, "late", "Late", Role.Respondent)));
        Assert.Equal(SessionPhase.Ended, (await s.Session.GetSummaryAsync()).Phase);
    }

    [Fact]
    public async Task Actions_BeforeLive_RefusedWithWrongPhase()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        await Refusal.ExpectAsync("wrong-phase", () => s.Stage.NextPromptAsync(host));
        await Refusal.ExpectAsync("wrong-phase", () => s.Feedback.OpenPollAsync(host, "Q?", ["a", "b"], false, false));
        await Refusal.ExpectAsync("wrong-phase", () => s.Recording.StartRecordingAsync(host));
        Assert.Null((await s.Session.GetViewAsync(host)).Prompt);
    }

    [Fact]
    public async Task UnknownSession_EveryCallRefused()
    {
        var missing = Grains.GetGrain<ISessionGrain>("never-created-" + Guid.NewGuid());
        await Refusal.ExpectAsync("unknown-session", () => missing.GetSummaryAsync());
        await Refusal.ExpectAsync("unknown-session", () => missing.GoLiveAsync("x"));
    }
}
