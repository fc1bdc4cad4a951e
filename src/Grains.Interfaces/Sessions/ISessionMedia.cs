using Live.Media;

namespace Live.Sessions;

/// <summary>The session's side of media: who may use it, and the list of published tracks everyone sees.</summary>
[Alias("Live.ISessionMedia")]
public interface ISessionMedia : IGrainWithStringKey
{
    /// <summary>The role of an admitted participant of a live session; refuses anyone else.</summary>
    [Alias("AuthorizeMedia")] Task<Role> AuthorizeMediaAsync(string participantId);

    /// <summary>Replaces the published tracks and tells everyone.</summary>
    [Alias("SetTracks")] Task SetTracksAsync(IReadOnlyList<PublishedTrack> tracks);

    /// <summary>A new media router activation starts answering: returns its epoch and tells everyone to connect to it.</summary>
    [Alias("MediaRouterStarted")] Task<long> MediaRouterStartedAsync();

    /// <summary>The router of <paramref name="epoch"/> is going away (drain): everyone connects again, to its successor.</summary>
    [Alias("MediaRouterStopping")] Task MediaRouterStoppingAsync(long epoch);

    /// <summary>
    /// The media plane found a problem with recording <paramref name="recordingId"/> between plan changes (a disk too
    /// slow for the tracks, so packets are being dropped; a file that failed or never closed): hosts are told about
    /// these tracks, and <paramref name="problem"/>, a sentence about the recording as a whole, when set.
    /// </summary>
    [Alias("RecordingProblems")] Task RecordingProblemsAsync(string recordingId, IReadOnlyList<RecordedTrack> tracks, string? problem);

    /// <summary>
    /// The files of stopped recording <paramref name="report"/> are closed: hosts hear of any track's problem, and the
    /// answer is the recording's timeline.json for the media router to write beside the files (null: no such recording).
    /// </summary>
    [Alias("RecordingClosed")] Task<string?> RecordingClosedAsync(RecordingReport report);

    /// <summary>The recording's files are closed and its timeline is written: integrations hear recording.ready.</summary>
    [Alias("RecordingReady")] Task RecordingReadyAsync(RecordingReport report);
}
