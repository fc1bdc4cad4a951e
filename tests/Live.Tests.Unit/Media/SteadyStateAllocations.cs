namespace Live.Tests.Unit.Media;

/// <summary>
/// Measures what a hot path allocates once warm: the bytes the calling thread allocates in each of several batches,
/// and the least of them.
/// </summary>
/// <remarks>
/// One measurement alone is not a sound zero-allocation check: on a loaded machine the runtime now and then attributes
/// a few kilobytes to the measuring thread in the middle of a batch (tier-up and on-stack replacement of the loop,
/// allocation-context accounting), which once failed CI with code that allocates nothing. Code that allocates per
/// call allocates in every batch, so the least over several batches still catches it.
/// </remarks>
internal static class SteadyStateAllocations
{
    public const int Batches = 4;

    /// <summary>
    /// Runs <paramref name="batch"/> <see cref="Batches"/> times, giving it its index so that a stateful feed (RTP
    /// sequence numbers, SRTP replay windows) can take its own slice, and returns the fewest bytes one run allocated.
    /// The delegate is created before measuring, so its closure is not counted.
    /// </summary>
    public static long Least(Action<int> batch)
    {
        long least = long.MaxValue;
        for (int i = 0; i < Batches; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            batch(i);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
