using Live.Directory;
using Live.Sessions;

namespace Live.Grains.Directory;

/// <summary>The list of sessions the REST API shows; each session grain keeps its own entry current.</summary>
public sealed class SessionDirectoryGrain(
    [PersistentState("directory", GrainStorage.Name)] IPersistentState<SessionDirectoryState> state)
    : Grain, ISessionDirectoryGrain
{
    public async Task UpsertAsync(SessionSummary summary)
    {
        state.State.Sessions[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SessionSummary>> ListAsync(int max) =>
        Task.FromResult<IReadOnlyList<SessionSummary>>(
            state.State.Sessions.Values.OrderByDescending(s => s.CreatedAt).Take(Math.Clamp(max, 1, 1000)).ToList());
}
