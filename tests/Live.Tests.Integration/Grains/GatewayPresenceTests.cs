using Live.Grains.Participants;
using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

/// <summary>Connections a dead gateway can no longer close neither keep a participant present nor use up their tabs.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class GatewayPresenceTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ParticipantLeaves_ATabOnAGatewayThatStopped_DoesNotKeepThemPresent()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var (participant, identity) = Participant(s, host, "Hana");
        var stopped = "gw-stopped-" + Guid.NewGuid().ToString("N")[..8];
        await s.Gateways.RenewAsync(stopped);
        await participant.ConnectAsync(identity, stopped, "tab-on-stopped");

        await s.Gateways.LeaveAsync(stopped);
        await participant.DisconnectAsync(s.GatewayId, "conn-" + host);

        Assert.False((await s.Session.GetViewAsync(host)).Me.Present);
    }

    [Fact]
    public async Task ParticipantLeaves_ATabOnALiveGateway_KeepsThemPresent()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var (participant, identity) = Participant(s, host, "Hana");
        var other = "gw-live-" + Guid.NewGuid().ToString("N")[..8];
        await s.Gateways.RenewAsync(other);
        await participant.ConnectAsync(identity, other, "tab-on-other");

        await participant.DisconnectAsync(s.GatewayId, "conn-" + host);

        Assert.True((await s.Session.GetViewAsync(host)).Me.Present);
        await participant.DisconnectAsync(other, "tab-on-other");
        Assert.False((await s.Session.GetViewAsync(host)).Me.Present);
    }

    [Fact]
    public async Task Connect_TabsLeftOnAStoppedGateway_DoNotCountAgainstTheLimit()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var host = await s.JoinAsync(Role.Host, "Hana");
        var (participant, identity) = Participant(s, host, "Hana");
        var stopped = "gw-stopped-" + Guid.NewGuid().ToString("N")[..8];
        await s.Gateways.RenewAsync(stopped);
        for (var tab = 1; tab < ParticipantGrain.MaxConnections; tab++) await participant.ConnectAsync(identity, stopped, $"tab-{tab}");
        await Refusal.ExpectAsync("too-many-connections", () => participant.ConnectAsync(identity, s.GatewayId, "one-too-many"));

        await s.Gateways.LeaveAsync(stopped);
        await participant.ConnectAsync(identity, s.GatewayId, "after-the-crash");

        await participant.DisconnectAsync(s.GatewayId, "conn-" + host);
        Assert.True((await s.Session.GetViewAsync(host)).Me.Present);
        await participant.DisconnectAsync(s.GatewayId, "after-the-crash");
        Assert.False((await s.Session.GetViewAsync(host)).Me.Present);
    }

    private (IParticipantGrain Grain, ParticipantIdentity Identity) Participant(SessionScenario s, string id, string name) =>
        (Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, id)), new ParticipantIdentity(s.Id, id, name, Role.Host));
}
