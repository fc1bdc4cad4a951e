using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class AuditTrailTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private ISessionAudit Audit(SessionScenario s) => Grains.GetGrain<ISessionAudit>(s.Id);

    /// <summary>What the gateway passes: the identity read from the caller's signed join token.</summary>
    private static ParticipantIdentity Token(SessionScenario s, string id, Role role, string name = "Hana") => new(s.Id, id, name, role);

    [Fact]
    public async Task LobbyDecisionsRecordingAndEnd_RecordedWithActorSubjectAndBothClocks_AndStored()
    {
        var before = DateTimeOffset.UtcNow;
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", admit: false);
        var tom = await s.JoinAsync(Role.Respondent, "Tom", admit: false);
        await s.Lobby.DenyAsync(host, sam);
        await s.Lobby.AdmitAsync(host, tom);
        await s.Lobby.RemoveAsync(host, tom);
        await s.Recording.SetConsentAsync(riley, true);
        await s.Recording.StartRecordingAsync(host);
        await s.Recording.PauseRecordingAsync(host);
        await s.Recording.ResumeRecordingAsync(host);
        await s.Recording.StopRecordingAsync(host);
        await s.Session.EndAsync(host);

        var trail = await Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, 100);
        Assert.Equal(
            [AuditAction.Admitted, AuditAction.Denied, AuditAction.Admitted, AuditAction.Removed, AuditAction.RecordingStarted,
             AuditAction.RecordingPaused, AuditAction.RecordingResumed, AuditAction.RecordingStopped, AuditAction.SessionEnded],
            trail.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, trail.Count).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.All(trail, e => Assert.Equal((host, "Hana", Role.Host), (e.ActorId, e.ActorName, e.ActorRole)));
        Assert.Equal((sam, "Sam", Role.Respondent), (trail[1].SubjectId, trail[1].SubjectName, trail[1].SubjectRole));
        Assert.Equal(tom, trail[3].SubjectId);
        Assert.Equal("rec1", trail[4].Detail);
        // Both clocks: the session clock counts from going live, the wall clock is now.
        Assert.All(trail, e => Assert.NotNull(e.AtMs));
        Assert.True(trail.Zip(trail.Skip(1)).All(p => p.First.AtMs <= p.Second.AtMs));
        Assert.All(trail, e => Assert.InRange(e.At, before, DateTimeOffset.UtcNow));

        var stored = await fixture.ReadStoredSessionAsync(s.Id);
        Assert.Equal(trail, stored.Audit);
    }

    [Fact]
    public async Task EndWithApiKeyWhileRecording_RecordsStopAndEndByTheApiKey()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await s.Recording.StartRecordingAsync(host);
        await s.Session.EndAsync(hostId: null);

        var trail = await Audit(s).GetAuditAsync(null, 0, 100);
        Assert.Equal([AuditAction.RecordingStarted, AuditAction.RecordingStopped, AuditAction.SessionEnded], trail.Select(e => e.Action));
        Assert.Equal((null, AuditEntry.ApiKeyActor, null), (trail[2].ActorId, trail[2].ActorName, trail[2].ActorRole));
    }

    [Fact]
    public async Task InviteBeforeLive_HasNoSessionClock_ButTheWallClock()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        await Audit(s).RecordInviteAsync(Token(s, host, Role.Host), "p-omar", "Omar", Role.Observer);
        await Audit(s).RecordInviteAsync(null, "p-riley", "Riley", Role.Respondent);

        var trail = await Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, 10);
        Assert.Equal(2, trail.Count);
        Assert.All(trail, e => Assert.Equal(AuditAction.InviteMinted, e.Action));
        Assert.All(trail, e => Assert.Null(e.AtMs));
        Assert.Equal(("p-omar", "Omar", Role.Observer, "Hana"), (trail[0].SubjectId, trail[0].SubjectName, trail[0].SubjectRole, trail[0].ActorName));
        Assert.Equal(AuditEntry.ApiKeyActor, trail[1].ActorName);
    }

    [Fact]
    public async Task ReadOrInvite_ByGuestOrObserver_RefusedAndNothingRecorded()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var omar = await s.JoinAsync(Role.Observer, "Omar");
        var before = await Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, 100);

        await Refusal.ExpectAsync("not-host", () => Audit(s).GetAuditAsync(Token(s, riley, Role.Respondent, "Riley"), 0, 100));
        await Refusal.ExpectAsync("not-host", () => Audit(s).GetAuditAsync(Token(s, omar, Role.Observer, "Omar"), 0, 100));
        await Refusal.ExpectAsync("not-host", () => Audit(s).RecordInviteAsync(Token(s, omar, Role.Observer, "Omar"), "p-x", "X", Role.Observer));
        await Refusal.ExpectAsync("not-staff", () => Audit(s).RecordDownloadAsync(Token(s, riley, Role.Respondent, "Riley"), "rec1", "timeline.json"));
        await Refusal.ExpectAsync("invalid-input", () => Audit(s).RecordInviteAsync(Token(s, host, Role.Host), "", "X", Role.Observer));
        await Refusal.ExpectAsync("invalid-input", () => Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, SessionLimits.MaxAuditPage + 1));

        Assert.Equal(before, await Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, 100));
    }

    [Fact]
    public async Task RemovedHost_CanNeitherInviteNorRead_AHostWhoNeverJoinedCan()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var cohost = await s.JoinAsync(Role.Host, "Cora");
        await s.Lobby.RemoveAsync(host, cohost);
        await Refusal.ExpectAsync("not-admitted", () => Audit(s).RecordInviteAsync(Token(s, cohost, Role.Host, "Cora"), "p-x", "X", Role.Observer));
        await Refusal.ExpectAsync("not-admitted", () => Audit(s).GetAuditAsync(Token(s, cohost, Role.Host, "Cora"), 0, 10));

        var absent = Token(s, "host-never-joined", Role.Host, "Nina");
        await Audit(s).RecordInviteAsync(absent, "p-y", "Yan", Role.Respondent);
        var last = (await Audit(s).GetAuditAsync(absent, 0, 100))[^1];
        Assert.Equal(("host-never-joined", "Nina", AuditAction.InviteMinted), (last.ActorId, last.ActorName, last.Action));
    }

    [Fact]
    public async Task RepeatedDownloadOfOneFile_IsOneEntry_AnotherFileOrPersonIsAnother()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var omar = await s.JoinAsync(Role.Observer, "Omar");
        await Audit(s).RecordDownloadAsync(Token(s, omar, Role.Observer, "Omar"), "rec1", "host-camera.webm");
        await Audit(s).RecordDownloadAsync(Token(s, omar, Role.Observer, "Omar"), "rec1", "host-camera.webm");
        await Audit(s).RecordDownloadAsync(Token(s, omar, Role.Observer, "Omar"), "rec1", "timeline.json");
        await Audit(s).RecordDownloadAsync(Token(s, host, Role.Host), "rec1", "host-camera.webm");

        var trail = await Audit(s).GetAuditAsync(Token(s, host, Role.Host), 0, 100);
        Assert.Equal(
            [(omar, "rec1/host-camera.webm"), (omar, "rec1/timeline.json"), (host, "rec1/host-camera.webm")],
            trail.Select(e => (e.ActorId!, e.Detail!)));
        Assert.All(trail, e => Assert.Equal(AuditAction.RecordingDownloaded, e.Action));
    }

    [Fact]
    public async Task Entries_GoToHostsOnly()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", admit: false);
        await s.Lobby.DenyAsync(host, sam);
        await Audit(s).RecordInviteAsync(Token(s, host, Role.Host), "p-omar", "Omar", Role.Observer);

        await events.WaitUntilAsync(list => list.Count(e => e.Type == SessionEventTypes.Audit) == 2);
        var audit = events.Events.Where(e => e.Type == SessionEventTypes.Audit).ToList();
        Assert.All(audit, e => Assert.Equal(Audience.Hosts, e.Audience));
        Assert.Equal([AuditAction.Denied, AuditAction.InviteMinted], audit.Select(e => ((AuditEntry)e.Data!).Action));
    }
}
