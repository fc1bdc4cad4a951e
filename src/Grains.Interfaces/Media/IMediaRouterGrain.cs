using Live.Sessions;

namespace Live.Media;

/// <summary>
/// The control plane of one session's media (keyed by session id): it checks who may publish and subscribe, drives the
/// SFU router on the silo it is activated on, and tells the session which tracks exist. Packets never pass through it.
/// </summary>
[Alias("Live.IMediaRouterGrain")]
public interface IMediaRouterGrain : IGrainWithStringKey
{
    /// <summary>Answers a participant's offer: publishes their tracks and subscribes them to others'.</summary>
    /// <remarks>
    /// Shorter than the gateway's 8 s call timeout: right after the router's silo died, a call can wait for that silo
    /// until the cluster declares it dead; the browser rather tries again (with back-off) and reaches the new router.
    /// </remarks>
    [Alias("Negotiate"), ResponseTimeout("00:00:05")] Task<MediaAnswer> NegotiateAsync(string participantId, MediaOffer offer);

    /// <summary>
    /// Answers a connection check's offer (one audio section at most, sendonly) on a probe router beside the session's:
    /// same silo, same ports, but it joins nothing, announces nothing and needs no admission, so it works days before the
    /// session and from the lobby. Refused once the session has ended.
    /// </summary>
    [Alias("Probe"), ResponseTimeout("00:00:05")] Task<string> ProbeAsync(string participantId, MediaOffer offer);

    /// <summary>Closes a participant's media (they left or were removed) and returns the tracks that remain.</summary>
    /// <remarks>The session grain calls this and applies the result itself, so no call goes back into the session.</remarks>
    [Alias("Leave")] Task<IReadOnlyList<PublishedTrack>> LeaveAsync(string participantId);

    /// <summary>Closes the whole router (the session ended).</summary>
    [Alias("Close")] Task CloseAsync();

    /// <summary>The tracks published in the session now.</summary>
    [Alias("GetTracks")] Task<IReadOnlyList<PublishedTrack>> GetTracksAsync();

    /// <summary>
    /// Starts, pauses, resumes or stops recording the session's tracks on the silo that carries them (the session
    /// grain sends the plan on every change: status, recordable participants). Returns each track's file and state.
    /// </summary>
    [Alias("ApplyRecording")] Task<RecordingReport> ApplyRecordingAsync(RecordingPlan plan);

    /// <summary>The tracks of the session's current (or last) recording, or null when none ran on this silo.</summary>
    [Alias("GetRecording")] Task<RecordingReport?> GetRecordingAsync();

    /// <summary>Writes the session timeline (JSON, docs/recording.md) next to the recording's files.</summary>
    [Alias("WriteTimeline")] Task WriteTimelineAsync(string recordingId, string timelineJson);
}
