using System.Collections.Concurrent;
using Orleans.Storage;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// Memory storage whose writes take a millisecond or more, as a database's do. Without it a test cluster's writes are
/// so quick that calls arriving together rarely meet a write in flight, and group commit would go untested.
/// It also counts each grain's own writes, so a write-count test is not disturbed by other tests' grains writing.
/// </summary>
public sealed class LatencyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(2);

    private static readonly ConcurrentDictionary<GrainId, long> Writes = new();

    /// <summary>Successful writes of one grain's state since the test process started.</summary>
    public static long WritesOf(GrainId grainId) => Writes.GetValueOrDefault(grainId);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Task.Delay(WriteLatency);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
