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
        if (p.Role != Role.Observer && S.MediaEpoch > S.AnnouncedMediaEpoch) return AnnounceThenAsync(p.Role);
        return Task.FromResult(p.Role);
    }

    /// <summary>A host or guest uses a router that started for observers alone: now everyone hears of it.</summary>
    private async Task<Role> AnnounceThenAsync(Role role)
    {
        await AnnounceMediaEpochAsync();
        return role;
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
        // Guests hear of a router only once a host or guest uses media (now, or on an earlier router they must leave):
        // a router an observer started alone would otherwise tell every guest that someone is watching.
        if (S.AnnouncedMediaEpoch > 0 || _mediaUsers.Any(IsHostOrGuest))
        {
            await AnnounceMediaEpochAsync();
        }
        else
        {
            await SaveAsync();
            Publish(Audience.Staff, SessionEventTypes.Media, new MediaRouterStatus(S.MediaEpoch, Active: true));
        }
        return S.MediaEpoch;
    }

    public Task MediaRouterStoppingAsync(long epoch)
    {
        // A late notice from an older router changes nothing: its successor has already told everyone. Guests hear
        // only of a router they were told about.
        if (epoch != S.MediaEpoch) return Task.CompletedTask;
        var audience = epoch == S.AnnouncedMediaEpoch ? Audience.Everyone : Audience.Staff;
        Publish(audience, SessionEventTypes.Media, new MediaRouterStatus(epoch, Active: false));
        return Task.CompletedTask;
    }

    private async Task AnnounceMediaEpochAsync()
    {
        S.AnnouncedMediaEpoch = S.MediaEpoch;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Media, new MediaRouterStatus(S.MediaEpoch, Active: true));
    }

    private bool IsHostOrGuest(string participantId) =>
        S.Participants.TryGetValue(participantId, out var p) && p.Role != Role.Observer;

    /// <summary>The media epoch a viewer may know: staff the latest, guests the latest announced to everyone.</summary>
    private long MediaEpochFor(ParticipantRecord viewer) => viewer.Role.IsStaff() ? S.MediaEpoch : S.AnnouncedMediaEpoch;

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
