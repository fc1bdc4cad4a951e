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
}
