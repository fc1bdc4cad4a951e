using Live.Grains.Infrastructure;
using Live.Media;
using Live.Sessions;
using Microsoft.Extensions.Options;

namespace Live.Grains.Media;

/// <summary>
/// Control plane of one session's media. It lives on one silo (the origin) and drives that silo's SFU router, where
/// publishers, hosts and respondents negotiate; observers beyond <see cref="MediaRoutingOptions.ObserversPerRouter"/>
/// are served by edge routers on other silos, fed by pipes (see MediaRouterGrain.Edges.cs). It keeps itself active
/// while media flows, and it keeps the session's list of tracks in step with the router (a transport whose consent
/// expired takes its tracks with it).
/// </summary>
public sealed partial class MediaRouterGrain(
    ISfuRouters sfu, ISfuPipes pipes, IOptions<MediaRoutingOptions> routing, IClusterMembershipService membership, ILocalSiloDetails localSilo)
    : Grain, IMediaRouterGrain
{
    /// <summary>How often the router's tracks are compared with the session's (consent expiry is 30 s, RFC 7675).</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a draining router waits for the session to pass on that it is going away.</summary>
    public static readonly TimeSpan StoppingNoticeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The list last sent to the session; null until this activation sends its first, which it always does: after a
    /// move the session still lists the old router's tracks, and a publisher that never comes back must leave it.
    /// </summary>
    private IReadOnlyList<PublishedTrack>? _announced;
    private long _epoch;
    private IGrainTimer? _sync;

    private string SessionId => this.GetPrimaryKeyString();
    private ISessionMedia Session => GrainFactory.GetGrain<ISessionMedia>(SessionId);

    public async Task<MediaAnswer> NegotiateAsync(string participantId, MediaOffer offer)
    {
        if (offer.Sdp is null || offer.Sdp.Length > MediaLimits.MaxSdpLength)
            throw Refusals.Refuse("invalid-sdp", $"An offer has at most {MediaLimits.MaxSdpLength} characters.");
        if ((offer.Publish?.Count ?? 0) + (offer.Subscribe?.Count ?? 0) > MediaLimits.MaxSections)
            throw Refusals.Refuse("invalid-sdp", $"An offer has at most {MediaLimits.MaxSections} media sections.");
        var role = await Session.AuthorizeMediaAsync(participantId);
        if (role == Role.Observer && offer.Publish is { Count: > 0 })
            throw Refusals.Refuse("observer-silent", "Observers watch silently; they cannot publish.");
        ClaimMediaTab(participantId, offer);
        // The first answer of this activation (a new silo after a crash or a drain) makes everyone else reconnect too.
        if (_epoch == 0) _epoch = await Session.MediaRouterStartedAsync();
        if (await NegotiateOnEdgeAsync(participantId, role, offer) is { } served) return served;

        var result = sfu.Negotiate(SessionId, participantId, offer with { Publish = offer.Publish ?? new Dictionary<string, TrackSource>(), Subscribe = KnownOnly(offer.Subscribe) },
            hidden: role == Role.Observer);
        if (result.AnswerSdp is null) throw Refusals.Refuse("invalid-sdp", result.Error ?? "The offer could not be answered.");
        if (role == Role.Observer) _localObservers.Add(participantId);
        StartSync();
        await AnnounceAsync(result.Tracks);
        return new MediaAnswer(result.AnswerSdp, result.Tracks, _epoch);
    }

    public async Task<string> ProbeAsync(string participantId, MediaOffer offer)
    {
        if (offer.Sdp is null || offer.Sdp.Length > MediaLimits.MaxSdpLength)
            throw Refusals.Refuse("invalid-sdp", $"An offer has at most {MediaLimits.MaxSdpLength} characters.");
        if (offer.Publish is not { Count: 1 } publish || publish.Values.Single() != TrackSource.Microphone || offer.Subscribe is { Count: > 0 })
            throw Refusals.Refuse("invalid-sdp", "A connection check sends one audio track and receives nothing.");
        var summary = await GrainFactory.GetGrain<ISessionGrain>(SessionId).GetSummaryAsync();
        if (summary.Phase == SessionPhase.Ended) throw Refusals.Refuse("session-ended", "This session has ended.");
        var result = sfu.Probe(SessionId, participantId, offer);
        return result.AnswerSdp ?? throw Refusals.Refuse("invalid-sdp", result.Error ?? "The offer could not be answered.");
    }

    /// <summary>
    /// Leaves out subscriptions to tracks this router does not carry (yet): after a move, subscribers often offer before
    /// the publishers are back. Their sections are answered inactive and the next track list subscribes them.
    /// </summary>
    private IReadOnlyDictionary<string, string> KnownOnly(IReadOnlyDictionary<string, string>? subscribe)
    {
        if (subscribe is null || subscribe.Count == 0) return new Dictionary<string, string>();
        var known = sfu.Tracks(SessionId).Select(t => t.TrackId).ToHashSet(StringComparer.Ordinal);
        return subscribe.Where(s => known.Contains(s.Value)).ToDictionary(s => s.Key, s => s.Value);
    }

    public async Task<IReadOnlyList<PublishedTrack>> LeaveAsync(string participantId)
    {
        _localObservers.Remove(participantId);
        ForgetMediaTab(participantId);
        await LeaveEdgeAsync(participantId);
        _announced = sfu.Leave(SessionId, participantId);
        await SyncEdgesAsync();
        return _announced;
    }

    public async Task CloseAsync()
    {
        await CloseEdgesAsync();
        sfu.Close(SessionId);
        _announced = [];
        _recording = false;
        _sync?.Dispose();
        _sync = null;
    }

    public Task<IReadOnlyList<PublishedTrack>> GetTracksAsync() => Task.FromResult(sfu.Tracks(SessionId));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The router's media dies with its control plane; browsers re-offer and land on the new activation. Telling
        // them first (a drain) moves them at once instead of after ICE notices the silence.
        if (_epoch > 0 && sfu.TransportCount(SessionId) > 0)
        {
            try
            {
                await Session.MediaRouterStoppingAsync(_epoch).WaitAsync(StoppingNoticeTimeout, cancellationToken);
            }
            catch (Exception)
            {
                // Best effort: without the notice browsers still reconnect when their connection fails.
            }
        }
        sfu.Close(SessionId);
        await CloseEdgesAsync();
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var tracks = sfu.Tracks(SessionId);
        await AnnounceAsync(tracks);
        await SyncEdgesAsync();
        await WatchRecordingAsync();
        if (tracks.Count == 0 && sfu.TransportCount(SessionId) == 0 && !RecordingBusy && _edgeOf.Count == 0)
        {
            // Nothing to carry any more: let the grain deactivate when idle.
            _sync?.Dispose();
            _sync = null;
        }
    }

    private void StartSync() =>
        _sync ??= this.RegisterGrainTimer(SyncAsync, new GrainTimerCreationOptions(SyncInterval, SyncInterval) { KeepAlive = true });

    private async Task AnnounceAsync(IReadOnlyList<PublishedTrack> tracks)
    {
        if (_announced is not null && tracks.SequenceEqual(_announced)) return;
        await Session.SetTracksAsync(tracks);
        _announced = tracks;
    }
}
