using Orleans.Storage;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// Memory storage whose writes take a millisecond or more, as a database's do. Without it a test cluster's writes are
/// so quick that calls arriving together rarely meet a write in flight, and group commit would go untested.
/// </summary>
public sealed class LatencyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(2);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Task.Delay(WriteLatency);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
