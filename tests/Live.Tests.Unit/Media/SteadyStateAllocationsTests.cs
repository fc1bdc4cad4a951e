namespace Live.Tests.Unit.Media;

/// <summary>The allocation meter behind every zero-allocation guard still sees an allocation made on every call.</summary>
public sealed class SteadyStateAllocationsTests
{
    private static object? _sink;

    [Fact]
    public void Least_BatchThatAllocatesOnEveryCall_ReportsAtLeastThoseBytes()
    {
        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < 100; i++)
            {
                _sink = new byte[16];
            }
        });

        Assert.True(allocated >= 100 * 16, $"reported {allocated} bytes");
        Assert.NotNull(_sink);
    }

    [Fact]
    public void Least_GivesEachBatchItsIndex()
    {
        var seen = new List<int>();
        SteadyStateAllocations.Least(seen.Add);

        Assert.Equal(Enumerable.Range(0, SteadyStateAllocations.Batches), seen);
    }
}
