using Live.Media.Net;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Net;

public sealed class TokenBucketTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryTake_StartsFull_EmptiesAfterCapacity_RefillsOnePerInterval()
    {
        var bucket = new TokenBucket(_time, capacity: 3, TimeSpan.FromMilliseconds(100));

        Assert.Equal(3, TakeAll(bucket));

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(bucket.TryTake());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());

        // Two and a half intervals: two tokens, and the half carries over to the next.
        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, TakeAll(bucket));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void TryTake_LongIdle_RefillsToCapacityOnly()
    {
        var bucket = new TokenBucket(_time, capacity: 4, TimeSpan.FromMilliseconds(10));
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(4, TakeAll(bucket));
    }

    private static int TakeAll(TokenBucket bucket)
    {
        int taken = 0;
        while (bucket.TryTake())
        {
            Assert.True(++taken <= 1_000, "the bucket never ran dry");
        }

        return taken;
    }
}
