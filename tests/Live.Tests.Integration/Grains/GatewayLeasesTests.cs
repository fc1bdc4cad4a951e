using Live.Gateways;
using Live.Grains.Gateways;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Grains;

/// <summary>The gateway registry's leases, with time driven by the test.</summary>
[Trait("Category", "Grain")]
public sealed class GatewayLeasesTests
{
    private static readonly TimeSpan Lease = IGatewayRegistryGrain.LeaseTime;
    private readonly FakeTimeProvider _time = new();
    private readonly GatewayLeases _leases;

    public GatewayLeasesTests() => _leases = new GatewayLeases(_time);

    [Fact]
    public void RenewedGateway_IsAliveUntilItsLeaseRunsOut()
    {
        _leases.Renew("a");
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(_leases.IsDead("a"));
        _leases.Renew("a");
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(_leases.IsDead("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_leases.IsDead("a"));
    }

    [Fact]
    public void GatewayThatLeft_IsDeadAtOnce_AndARenewalDoesNotRevive()
    {
        _leases.Renew("a");
        _leases.Leave("a");
        Assert.True(_leases.IsDead("a"));
        _leases.Renew("a");
        Assert.True(_leases.IsDead("a"));
    }

    [Fact]
    public void UnknownGateway_IsNotCalledDeadUntilEveryLiveGatewayHasHadTimeToRenew()
    {
        // A new registry (its silo died) has not heard from the gateways yet: it cannot tell, and says so.
        _leases.Renew("known");
        Assert.False(_leases.IsDead("unknown"));
        Assert.True(_leases.IsUndecided("unknown"));
        Assert.False(_leases.IsUndecided("known"));
        _time.Advance(Lease);
        Assert.True(_leases.IsDead("unknown"));
        Assert.False(_leases.IsUndecided("unknown"));
    }

    [Fact]
    public void Prune_ForgetsOldEntries_WhichStayDead()
    {
        _leases.Renew("expired");
        _leases.Leave("left");
        _time.Advance(GatewayLeases.RememberLeft);
        _leases.Prune();
        Assert.True(_leases.IsDead("expired"));
        Assert.True(_leases.IsDead("left"));
        _leases.Renew("left"); // forgotten, so this is a new lease: ids are never reused by real gateways
        Assert.False(_leases.IsDead("left"));
    }
}
