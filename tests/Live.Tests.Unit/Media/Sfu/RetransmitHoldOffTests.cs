using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

public sealed class RetransmitHoldOffTests
{
    private const long HoldOff = 100;

    [Fact]
    public void TryAcquire_SamePacketWithinHoldOff_RefusedUntilItPasses()
    {
        var holdOff = new RetransmitHoldOff(capacity: 16, HoldOff);

        Assert.True(holdOff.TryAcquire(500, now: 1_000));
        Assert.False(holdOff.TryAcquire(500, now: 1_005));
        Assert.False(holdOff.TryAcquire(500, now: 1_099));
        Assert.True(holdOff.TryAcquire(500, now: 1_100));
        Assert.False(holdOff.TryAcquire(500, now: 1_150));
    }

    [Fact]
    public void TryAcquire_OtherPacketsAndSlotReuse_NotHeldOff()
    {
        var holdOff = new RetransmitHoldOff(capacity: 16, HoldOff);

        Assert.True(holdOff.TryAcquire(500, now: 1_000));
        Assert.True(holdOff.TryAcquire(501, now: 1_001));
        Assert.True(holdOff.TryAcquire(516, now: 1_002)); // same slot as 500, a different packet
        Assert.True(holdOff.TryAcquire(500, now: 1_003)); // 516 took the slot: 500 is not remembered any more
    }

    [Fact]
    public void TryAcquire_ZeroHoldOff_AlwaysAllowed()
    {
        var holdOff = new RetransmitHoldOff(capacity: 16, holdOffTicks: 0);

        Assert.True(holdOff.TryAcquire(7, now: 0));
        Assert.True(holdOff.TryAcquire(7, now: 0));
    }

    [Fact]
    public void Constructor_CapacityNotPowerOfTwo_Throws() =>
        Assert.Throws<ArgumentException>(() => new RetransmitHoldOff(capacity: 100, HoldOff));
}
