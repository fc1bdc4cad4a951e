using Live.Media;
using Live.Sessions;
using Microsoft.Extensions.Logging;

namespace Live.Grains.Sessions;

// Who may use media, and the tracks everyone sees. The media router grain drives the SFU; this grain keeps the list.
public sealed partial class SessionGrain : ISessionMedia
{
    public Task<Role> AuthorizeMediaAsync(string participantId)
    {
        var p = Admitted(participantId);
        RequireNotEnded();
        _mediaUsers.Add(p.Id);
        return Task.FromResult(p.Role);
    }

    public async Task SetTracksAsync(IReadOnlyList<PublishedTrack> tracks)
    {
        // Defence in depth: only admitted non-observers' tracks are ever shown, whatever the router reports.
        var allowed = tracks.Where(t => S.Participants.TryGetValue(t.ParticipantId, out var p) && p.IsAdmitted && p.Role != Role.Observer).ToList();
        if (allowed.SequenceEqual(S.Tracks)) return;
        S.Tracks = allowed;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Tracks, allowed);
    }

    public async Task<long> MediaRouterStartedAsync()
    {
        RequireCreated();
        S.MediaEpoch++;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Media, new MediaRouterStatus(S.MediaEpoch, Active: true));
        return S.MediaEpoch;
    }

    public Task MediaRouterStoppingAsync(long epoch)
    {
        // A late notice from an older router changes nothing: its successor has already told everyone.
        if (epoch == S.MediaEpoch) Publish(Audience.Everyone, SessionEventTypes.Media, new MediaRouterStatus(epoch, Active: false));
        return Task.CompletedTask;
    }

    private IMediaRouterGrain MediaRouter => GrainFactory.GetGrain<IMediaRouterGrain>(SessionId);

    /// <summary>Closes a participant's media after they left or were removed. Media is best effort: a failure here never undoes the roster change.</summary>
    private async Task CloseMediaOfAsync(string participantId)
    {
        if (!S.Tracks.Any(t => t.ParticipantId == participantId) && !_mediaUsers.Contains(participantId)) return;
        try
        {
            var remaining = await MediaRouter.LeaveAsync(participantId);
            _mediaUsers.Remove(participantId);
            await SetTracksAsync(remaining);
        }
        catch (Exception ex)
        {
            LogMediaCloseFailed(SessionId, participantId, ex);
        }
    }

    /// <summary>
    /// Closes an observer's transport and consumers. Unlike <see cref="CloseMediaOfAsync"/> it leaves the track list
    /// alone (an observer publishes nothing), so interleaved calls cannot apply an older list over a newer one.
    /// </summary>
    private async Task EndSubscriptionsOfAsync(string observerId)
    {
        if (!_mediaUsers.Remove(observerId)) return;
        try
        {
            await MediaRouter.LeaveAsync(observerId);
        }
        catch (Exception ex)
        {
            LogMediaCloseFailed(SessionId, observerId, ex);
        }
    }

    private async Task CloseAllMediaAsync()
    {
        try
        {
            await MediaRouter.CloseAsync();
            _mediaUsers.Clear();
        }
        catch (Exception ex)
        {
            LogMediaCloseFailed(SessionId, "*", ex);
        }
    }

    /// <summary>Participants who asked for media on this activation, so leaving closes their transport even with no tracks.</summary>
    private readonly HashSet<string> _mediaUsers = [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not close media of {ParticipantId} in session {SessionId}")]
    private partial void LogMediaCloseFailed(string sessionId, string participantId, Exception ex);
}
