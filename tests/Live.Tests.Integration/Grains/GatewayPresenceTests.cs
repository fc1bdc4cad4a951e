using Live.Grains.Participants;
using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

/// <summary>Connections a dead gateway can no longer close neither keep a participant present nor use up their tabs.</summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class GatewayPresenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ParticipantLeaves_ATabOnAGatewayThatStopped_DoesNotKeepThemPresent()
    {
        var host = await HostWithTabsOnAnotherGatewayAsync(tabs: 1);

        await host.Scenario.Gateways.LeaveAsync(host.OtherGateway);
        await host.CloseFirstTabAsync();

        Assert.False(await host.IsPresentAsync());
    }

    [Fact]
    public async Task ParticipantLeaves_ATabOnALiveGateway_KeepsThemPresent()
    {
        var host = await HostWithTabsOnAnotherGatewayAsync(tabs: 1);

        await host.CloseFirstTabAsync();

        Assert.True(await host.IsPresentAsync());
        await host.Grain.DisconnectAsync(host.OtherGateway, "tab-1");
        Assert.False(await host.IsPresentAsync());
    }

    [Fact]
    public async Task ParticipantLeaves_TheGatewayCallingIsAliveWhateverTheRegistrySays()
    {
        // Say its lease lapsed, or its first renewal has not arrived yet: it is calling, so its connections stand.
        var host = await HostWithTabsOnAnotherGatewayAsync(tabs: 0);
        var gateway = host.Scenario.GatewayId;
        await host.Grain.ConnectAsync(host.Identity, gateway, "second-tab");
        await host.Scenario.Gateways.LeaveAsync(gateway);

        await host.Grain.DisconnectAsync(gateway, "second-tab");

        Assert.True(await host.IsPresentAsync());
    }

    [Fact]
    public async Task DisconnectRetried_TellsTheSessionAgain()
    {
        // The gateway retries a disconnect whose first try may have failed after the connection was already removed.
        var host = await HostWithTabsOnAnotherGatewayAsync(tabs: 0);
        await host.CloseFirstTabAsync();
        await host.Scenario.Lobby.EnterAsync(host.Identity); // as if the session had never heard of the leaving

        await host.CloseFirstTabAsync();

        Assert.False(await host.IsPresentAsync());
    }

    [Fact]
    public async Task Connect_TabsLeftOnAStoppedGateway_DoNotCountAgainstTheLimit()
    {
        var host = await HostWithTabsOnAnotherGatewayAsync(tabs: ParticipantGrain.MaxConnections - 1);
        var gateway = host.Scenario.GatewayId;
        await Refusal.ExpectAsync("too-many-connections", () => host.Grain.ConnectAsync(host.Identity, gateway, "one-too-many"));

        await host.Scenario.Gateways.LeaveAsync(host.OtherGateway);
        await host.Grain.ConnectAsync(host.Identity, gateway, "after-the-crash");

        await host.CloseFirstTabAsync();
        Assert.True(await host.IsPresentAsync());
        await host.Grain.DisconnectAsync(gateway, "after-the-crash");
        Assert.False(await host.IsPresentAsync());
    }

    /// <summary>A host connected once through the scenario's gateway and <paramref name="tabs"/> times through another.</summary>
    private async Task<Host> HostWithTabsOnAnotherGatewayAsync(int tabs)
    {
        var s = await SessionScenario.CreateAsync(fixture.Grains);
        var id = await s.JoinAsync(Role.Host, "Hana");
        var host = new Host(s, id, fixture.Grains.GetGrain<IParticipantGrain>(ParticipantKey.For(s.Id, id)),
            new ParticipantIdentity(s.Id, id, "Hana", Role.Host), "gw-other-" + Guid.NewGuid().ToString("N")[..8]);
        await s.Gateways.RenewAsync(host.OtherGateway);
        for (var tab = 1; tab <= tabs; tab++) await host.Grain.ConnectAsync(host.Identity, host.OtherGateway, $"tab-{tab}");
        return host;
    }

    private sealed record Host(SessionScenario Scenario, string Id, IParticipantGrain Grain, ParticipantIdentity Identity, string OtherGateway)
    {
        public Task CloseFirstTabAsync() => Grain.DisconnectAsync(Scenario.GatewayId, "conn-" + Id);

        public async Task<bool> IsPresentAsync() => (await Scenario.Session.GetViewAsync(Id)).Me.Present;
    }
}
