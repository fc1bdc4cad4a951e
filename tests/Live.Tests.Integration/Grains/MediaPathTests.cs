using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

/// <summary>
/// The path a participant's media takes now (udp, tcp, relay), reported by their page: shown to hosts beside them and
/// updated when it changes; never to guests, nor to observers (an observer's path is for hosts alone).
/// </summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class MediaPathTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IParticipantGrain ParticipantOf(SessionScenario s, string id) => Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, id));

    private static async Task<List<SessionEvent>> PathNoticesAsync(EventRecorder events, int count)
    {
        await events.WaitUntilAsync(all => all.Count(e => e.Type == SessionEventTypes.MediaPath) >= count);
        return events.Events.Where(e => e.Type == SessionEventTypes.MediaPath).ToList();
    }

    [Fact]
    public async Task ReportMediaPath_Change_HostsGetEventAndSnapshot_GuestsAndObserversNever()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Olga");
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Udp);
        await ParticipantOf(s, observer).ReportMediaPathAsync(MediaPath.Relay);
        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Tcp);

        var notices = await PathNoticesAsync(events, 3);
        Assert.All(notices, n => Assert.Equal(Audience.Hosts, n.Audience));
        Assert.Equal(
            [new MediaPathNotice(sam, MediaPath.Udp), new MediaPathNotice(observer, MediaPath.Relay), new MediaPathNotice(sam, MediaPath.Tcp)],
            notices.Select(n => n.Data));
        var hostView = await s.Session.GetViewAsync(host);
        Assert.Equal(MediaPath.Tcp, hostView.MediaPaths![sam]);
        Assert.Equal(MediaPath.Relay, hostView.MediaPaths[observer]);
        Assert.Null((await s.Session.GetViewAsync(observer)).MediaPaths);
        Assert.Null((await s.Session.GetViewAsync(sam)).MediaPaths);
    }

    [Fact]
    public async Task ReportMediaPath_SamePathAgain_NoSecondEvent()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Udp);
        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Udp);
        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Tcp);

        // The Tcp notice is the moment the repeated Udp one would have come before.
        var notices = await PathNoticesAsync(events, 2);
        Assert.Equal([MediaPath.Udp, MediaPath.Tcp], notices.Select(n => ((MediaPathNotice)n.Data!).Path));
    }

    [Theory, InlineData(MediaPath.Failed), InlineData((MediaPath)9)]
    public async Task ReportMediaPath_NotAPath_Refused(MediaPath path)
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Udp);

        await Refusal.ExpectAsync("invalid-input", () => ParticipantOf(s, sam).ReportMediaPathAsync(path));

        Assert.Equal(MediaPath.Udp, (await s.Session.GetViewAsync(host)).MediaPaths![sam]);
    }

    [Fact]
    public async Task ReportMediaPath_PastTheLimitPerMinute_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        for (var i = 0; i < MediaPathReports.PerMinute; i++)
            await ParticipantOf(s, sam).ReportMediaPathAsync(i % 2 == 0 ? MediaPath.Udp : MediaPath.Tcp);

        await Refusal.ExpectAsync("too-many-path-reports", () => ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Relay));

        Assert.NotEqual(MediaPath.Relay, (await s.Session.GetViewAsync(host)).MediaPaths![sam]);
    }

    [Fact]
    public async Task ReportMediaPath_NeverConnected_Refused()
    {
        var (s, _) = await SessionScenario.LiveAsync(Grains);

        await Refusal.ExpectAsync("not-joined", () => ParticipantOf(s, "nobody").ReportMediaPathAsync(MediaPath.Udp));
    }

    [Fact]
    public async Task ReportMediaPath_ParticipantLeft_PathGoneFromHostsView()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        await ParticipantOf(s, sam).ReportMediaPathAsync(MediaPath.Tcp);
        Assert.Equal(MediaPath.Tcp, (await s.Session.GetViewAsync(host)).MediaPaths![sam]);

        await Grains.GetGrain<ISessionLobby>(s.Id).SetPresenceAsync(sam, present: false);

        Assert.False((await s.Session.GetViewAsync(host)).MediaPaths!.ContainsKey(sam));
    }
}
