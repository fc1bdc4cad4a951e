using Live.Media;

namespace Live.Grains.Media;

/// <summary>
/// The edge router of one session on one silo (key: <see cref="MediaEdgeKey"/>), activated on that silo by
/// <see cref="SiloPinnedPlacement"/>: it serves observers the origin grain sends it, from pipe producers the origin
/// feeds once per track. Only the session's <see cref="MediaRouterGrain"/> calls it, and it never calls back.
/// </summary>
[Alias("Live.IMediaEdgeGrain")]
public interface IMediaEdgeGrain : IGrainWithStringKey
{
    /// <summary>The SFU endpoint of the silo this edge runs on.</summary>
    [Alias("GetEndpoint")] Task<string> GetEndpointAsync();

    /// <summary>The tracks this edge receives over pipes (empty after it was deactivated and came back).</summary>
    [Alias("GetPipedTracks")] Task<IReadOnlyList<string>> GetPipedTracksAsync();

    /// <summary>Opens the pipe producer of a track (replacing a stale one of the same track).</summary>
    [Alias("OpenPipe")] Task OpenPipeAsync(PipeOffer offer);

    /// <summary>Answers an observer's offer on this silo's router; the origin grain has already authorized it.</summary>
    [Alias("Negotiate")] Task<string> NegotiateAsync(string participantId, MediaOffer offer);

    /// <summary>Closes an observer's transport; returns the tracks whose pipes closed because nobody receives them.</summary>
    [Alias("Leave")] Task<IReadOnlyList<string>> LeaveAsync(string participantId);

    /// <summary>
    /// Closes the pipes of tracks the origin no longer sends here (<paramref name="runningTrackIds"/>: the track is
    /// gone, or its producer was replaced) and those nobody receives; returns the tracks whose pipes closed.
    /// </summary>
    [Alias("Sync")] Task<IReadOnlyList<string>> SyncAsync(IReadOnlyList<string> runningTrackIds);

    /// <summary>Closes the edge router with its observers and pipes.</summary>
    [Alias("Close")] Task CloseAsync();
}
