using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

/// <summary>A guest's connection check: stored on their participant grain, shown to hosts beside them, to no one else.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class ConnectionCheckTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly ConnectionCheck Relay = new(MediaPath.Relay, 310, 0.5, DeviceStatus.Ok, DeviceStatus.Denied);

    private IParticipantGrain ParticipantOf(SessionScenario s, string id) => Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, id));

    [Fact]
    public async Task ReportConnectionCheck_WaitingGuest_StoredDurablyAndInHostsViewOnly()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Olga");
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        await ParticipantOf(s, riley).ReportConnectionCheckAsync(Relay);

        var notice = await events.WaitForAsync(e => e.Type == SessionEventTypes.ConnectionCheck);
        Assert.Equal(Audience.Hosts, notice.Audience);
        Assert.Equal(new ConnectionCheckNotice(riley, Relay), notice.Data);
        // Durable on both grains: it survives their deactivation.
        await ParticipantOf(s, riley).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(Relay, await ParticipantOf(s, riley).GetConnectionCheckAsync());
        Assert.Equal(Relay, (await s.Session.GetViewAsync(host)).ConnectionChecks![riley]);
        // Observers, other guests and the guest themselves never see it.
        Assert.Null((await s.Session.GetViewAsync(observer)).ConnectionChecks);
        Assert.Null((await s.Session.GetViewAsync(sam)).ConnectionChecks);
        Assert.Null((await s.Session.GetViewAsync(riley)).ConnectionChecks);
    }

    [Fact]
    public async Task ReportConnectionCheck_Again_ReplacesTheLastOne()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);
        var udp = new ConnectionCheck(MediaPath.Udp, 12, 0, DeviceStatus.Ok, DeviceStatus.Ok);

        await ParticipantOf(s, riley).ReportConnectionCheckAsync(Relay);
        await ParticipantOf(s, riley).ReportConnectionCheckAsync(udp);

        Assert.Equal(udp, (await s.Session.GetViewAsync(host)).ConnectionChecks![riley]);
    }

    private static readonly ConnectionCheck[] BadChecks =
    [
        new ConnectionCheck((MediaPath)7, 10, 0, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, 10, 0, (DeviceStatus)9, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, -1, 0, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, ConnectionCheck.MaxRoundTripMs + 1, 0, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, 10, 100.5, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, 10, double.NaN, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Udp, 10, -0.1, DeviceStatus.Ok, DeviceStatus.Ok),
        new ConnectionCheck(MediaPath.Failed, 10, null, DeviceStatus.Ok, DeviceStatus.Ok),
    ];

    [Theory, InlineData(0), InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5), InlineData(6), InlineData(7)]
    public async Task ReportConnectionCheck_OutOfRange_RefusedAndChangesNothing(int index)
    {
        var bad = BadChecks[index];
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", admit: false);
        await ParticipantOf(s, riley).ReportConnectionCheckAsync(Relay);

        await Refusal.ExpectAsync("invalid-input", () => ParticipantOf(s, riley).ReportConnectionCheckAsync(bad));

        Assert.Equal(Relay, await ParticipantOf(s, riley).GetConnectionCheckAsync());
        Assert.Equal(Relay, (await s.Session.GetViewAsync(host)).ConnectionChecks![riley]);
    }

    [Fact]
    public async Task ReportConnectionCheck_NeverConnected_Refused()
    {
        var (s, _) = await SessionScenario.LiveAsync(Grains);

        await Refusal.ExpectAsync("not-joined", () => ParticipantOf(s, "nobody").ReportConnectionCheckAsync(Relay));

        Assert.Null(await ParticipantOf(s, "nobody").GetConnectionCheckAsync());
    }

    [Fact]
    public async Task ReportConnectionCheck_Host_RefusedAndNotStored()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);

        await Refusal.ExpectAsync("wrong-role", () => ParticipantOf(s, host).ReportConnectionCheckAsync(Relay));

        Assert.Null(await ParticipantOf(s, host).GetConnectionCheckAsync());
        Assert.Empty((await s.Session.GetViewAsync(host)).ConnectionChecks!);
    }
}
