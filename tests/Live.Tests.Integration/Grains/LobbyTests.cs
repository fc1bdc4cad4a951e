using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class LobbyTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Join_Respondent_WaitsAndSeesOnlyTheLobby()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await s.Stage.NextPromptAsync(host);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);
        var view = await s.Session.GetViewAsync(riley);
        Assert.Equal(Admission.Waiting, view.Me.Admission);
        Assert.Null(view.Prompt);
        Assert.Empty(view.Roster);
        Assert.Empty(view.Polls);
    }

    [Fact]
    public async Task JoinStorm_EveryoneIsInTheRoom_InFarFewerWritesThanJoins()
    {
        const int observers = 300;
        var (s, host) = await SessionScenario.LiveAsync(Grains);

        var writesBefore = fixture.SessionWrites(s.Id);
        // Straight to the session grain, all at once, as a gateway's connections arrive when a webinar starts.
        var entries = await Task.WhenAll(Enumerable.Range(0, observers)
            .Select(i => s.Lobby.EnterAsync(new ParticipantIdentity(s.Id, $"observer-{i}", $"O{i}", Role.Observer))));
        var writes = fixture.SessionWrites(s.Id) - writesBefore;

        Assert.True(writes < observers / 4, $"{observers} joins took {writes} state writes");
        Assert.Equal(observers, entries.Select(e => e.ParticipantId).Distinct().Count());
        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(observers, (await s.Session.GetViewAsync(host)).ObserversPresent); // durable, not just in memory
    }

    [Fact]
    public async Task ObserversLeavingAtOnce_AllGone_InFarFewerWritesThanLeaves()
    {
        const int observers = 300;
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var ids = Enumerable.Range(0, observers).Select(i => $"observer-{i}").ToList();
        await Task.WhenAll(ids.Select(id => s.Lobby.EnterAsync(new ParticipantIdentity(s.Id, id, id, Role.Observer))));

        var writesBefore = fixture.SessionWrites(s.Id);
        // All at once, as when a gateway holding their connections restarts.
        await Task.WhenAll(ids.Select(id => s.Lobby.ObserverLeftAsync(id)));
        var writes = fixture.SessionWrites(s.Id) - writesBefore;

        Assert.True(writes < observers / 4, $"{observers} leaves took {writes} state writes");
        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(0, (await s.Session.GetViewAsync(host)).ObserversPresent); // durable, not just in memory
    }

    [Fact]
    public async Task ObserverLeft_ForSomeoneWhoIsNotAnObserver_RefusedAndChangesNothing()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);

        await Refusal.ExpectAsync("wrong-role", () => s.Lobby.ObserverLeftAsync(riley));

        Assert.True((await s.Session.GetViewAsync(riley)).Me.Present);
    }

    [Fact]
    public async Task SameParticipantJoiningTwiceAtOnce_IsOneParticipant()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var identity = new ParticipantIdentity(s.Id, "observer-twice", "Omar", Role.Observer);

        var entries = await Task.WhenAll(s.Lobby.EnterAsync(identity), s.Lobby.EnterAsync(identity));

        Assert.All(entries, e => Assert.Equal("observer-twice", e.ParticipantId));
        Assert.Equal(1, (await s.Session.GetViewAsync(host)).ObserversPresent);
    }

    [Fact]
    public async Task Admit_ByHost_GuestGetsSnapshotAndHostsSeeLobbyLive()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);

        var lobby = await events.WaitForAsync(e => e.Type == SessionEventTypes.StaffRoster
            && ((IReadOnlyList<RosterEntry>)e.Data!).Any(r => r.ParticipantId == riley && r.Admission == Admission.Waiting));
        Assert.Equal(Audience.Staff, lobby.Audience);

        await s.Lobby.AdmitAsync(host, riley);
        var snapshot = await events.WaitForAsync(e => e.Type == SessionEventTypes.Snapshot && e.ParticipantId == riley);
        Assert.Equal(Audience.Participant, snapshot.Audience);
        Assert.Equal(Admission.Admitted, ((SessionView)snapshot.Data!).Me.Admission);
        Assert.Contains((await s.Session.GetViewAsync(riley)).Roster, r => r.ParticipantId == host);
    }

    [Fact]
    public async Task Deny_ByHost_GuestCannotComeBack()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);
        await s.Lobby.DenyAsync(host, riley);
        Assert.Equal(Admission.Denied, (await s.Session.GetViewAsync(riley)).Me.Admission);
        await Refusal.ExpectAsync("not-admitted", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, riley, "Riley", Role.Respondent)));
        await Refusal.ExpectAsync("not-waiting", () => s.Lobby.AdmitAsync(host, riley));
    }

    [Fact]
    public async Task Remove_ByHost_ParticipantLosesAccess()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await s.Lobby.RemoveAsync(host, riley);
        await Refusal.ExpectAsync("not-admitted", () => s.Feedback.ReactAsync(riley, "👍"));
        await Refusal.ExpectAsync("not-admitted", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, riley, "Riley", Role.Respondent)));
        Assert.DoesNotContain((await s.Session.GetViewAsync(host)).Roster, r => r.ParticipantId == riley);
    }

    [Theory]
    [InlineData(Role.Respondent)]
    [InlineData(Role.Observer)]
    public async Task HostActions_ByNonHost_RefusedAndNothingChanges(Role role)
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var actor = await s.JoinAsync(role, "Actor", hostId: host);
        var waiting = await s.JoinAsync(Role.Respondent, "Wendy", admit: false);
        var other = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var before = await s.Session.GetViewAsync(host);

        await Refusal.ExpectAsync("not-host", () => s.Lobby.AdmitAsync(actor, waiting));
        await Refusal.ExpectAsync("not-host", () => s.Lobby.DenyAsync(actor, waiting));
        await Refusal.ExpectAsync("not-host", () => s.Lobby.RemoveAsync(actor, other));
        await Refusal.ExpectAsync("not-host", () => s.Stage.NextPromptAsync(actor));
        await Refusal.ExpectAsync("not-host", () => s.Stage.ShowAdHocPromptAsync(actor, "Hijack"));
        await Refusal.ExpectAsync("not-host", () => s.Feedback.OpenPollAsync(actor, "Q?", ["a", "b"], false, false));
        await Refusal.ExpectAsync("not-host", () => s.Recording.StartRecordingAsync(actor));
        await Refusal.ExpectAsync("not-host", () => s.Session.EndAsync(actor));

        var after = await s.Session.GetViewAsync(host);
        Assert.Equal(before.Roster, after.Roster);
        Assert.Null(after.Prompt);
        Assert.Empty(after.Polls);
        Assert.Equal(RecordingStatus.Off, after.Recording.Status);
        Assert.Equal(SessionPhase.Live, after.Phase);
    }

    [Fact]
    public async Task Join_GuestRoleOfOtherKind_Refused()
    {
        var s = await SessionScenario.CreateAsync(Grains, SessionKind.FocusGroup);
        await Refusal.ExpectAsync("wrong-role", () => s.Lobby.JoinAsync(new ParticipantIdentity(s.Id, "c1", "Cara", Role.Customer)));
        Assert.Equal(0, (await s.Session.GetSummaryAsync()).GuestCount);
    }

    [Fact]
    public async Task Presence_SecondConnectionKeepsParticipantPresent()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var participant = Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, host));
        await participant.ConnectAsync(new ParticipantIdentity(s.Id, host, "Hana", Role.Host), s.GatewayId, "second-tab");

        await participant.DisconnectAsync(s.GatewayId, "second-tab");
        Assert.True((await s.Session.GetViewAsync(host)).Me.Present);
        await participant.DisconnectAsync(s.GatewayId, "conn-" + host);
        Assert.False((await s.Session.GetViewAsync(host)).Me.Present);
    }

    [Fact]
    public async Task Connect_IdentityOfAnotherParticipant_Refused()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var participant = Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, "alice"));
        await Refusal.ExpectAsync("wrong-session", () => participant.ConnectAsync(new ParticipantIdentity(s.Id, "mallory", "Mallory", Role.Host), s.GatewayId, "c"));
        Assert.Null(await participant.GetIdentityAsync());
    }
}
