using Live.Grains.Infrastructure;
using Live.Media;

namespace Live.Grains.Media;

/// <summary>
/// One session's edge router on one silo: observers the origin grain places here negotiate on this silo's SFU (so
/// their answers name this silo's candidate) and receive the session's tracks from pipe producers. It holds no state
/// the SFU does not hold, and the origin grain's periodic sync keeps it active while it serves anyone.
/// </summary>
[SiloPinnedPlacement]
public sealed class MediaEdgeGrain(ISfuRouters sfu, ISfuPipes pipes) : Grain, IMediaEdgeGrain
{
    private string RouterId => MediaEdgeKey.TryParse(this.GetPrimaryKeyString(), out string sessionId, out _)
        ? MediaEdgeKey.RouterId(sessionId)
        : throw Refusals.Refuse("invalid-edge", $"'{this.GetPrimaryKeyString()}' is not an edge router key.");

    public Task<string> GetEndpointAsync() => Task.FromResult(pipes.Endpoint);

    public Task<IReadOnlyList<string>> GetPipedTracksAsync() => Task.FromResult(pipes.PipedTracks(RouterId));

    public Task OpenPipeAsync(PipeOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        string? error = pipes.Open(RouterId, offer);
        return error is null ? Task.CompletedTask : throw Refusals.Refuse("pipe-failed", error);
    }

    public Task<string> NegotiateAsync(string participantId, MediaOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        // An edge serves observers only: none of them may make a publisher count a keyframe request.
        RouterNegotiation result = sfu.Negotiate(RouterId, participantId, offer, hidden: true);
        return result.AnswerSdp is { } answer
            ? Task.FromResult(answer)
            : throw Refusals.Refuse("invalid-sdp", result.Error ?? "The offer could not be answered.");
    }

    public Task<IReadOnlyList<string>> LeaveAsync(string participantId)
    {
        sfu.Leave(RouterId, participantId);
        return Task.FromResult(pipes.CloseIdle(RouterId));
    }

    public Task<IReadOnlyList<string>> SyncAsync(IReadOnlyList<string> runningTrackIds)
    {
        var live = runningTrackIds.ToHashSet(StringComparer.Ordinal);
        var closed = pipes.PipedTracks(RouterId).Where(t => !live.Contains(t) && pipes.Close(RouterId, t)).ToList();
        closed.AddRange(pipes.CloseIdle(RouterId));
        return Task.FromResult<IReadOnlyList<string>>(closed);
    }

    public Task CloseAsync()
    {
        sfu.Close(RouterId);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The observers' media dies with the edge; their browsers re-offer through the origin grain.
        sfu.Close(RouterId);
        return Task.CompletedTask;
    }
}
