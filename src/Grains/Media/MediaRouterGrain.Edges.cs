using Live.Grains.Infrastructure;
using Live.Media;
using Live.Sessions;

namespace Live.Grains.Media;

/// <summary>
/// Big observer rooms across silos. Observers beyond <see cref="MediaRoutingOptions.ObserversPerRouter"/> are served
/// by an edge router grain on another active silo (the least loaded one); each track such an observer subscribes to is
/// piped once to that silo. A participant stays where it was placed while its silo is active; one who stops being an
/// observer moves back to the origin. Pipes nobody receives, or that the origin stopped (the track is gone or its
/// producer was replaced), close on both sides at the next sync, and an edge left with neither observers nor pipes
/// is closed.
/// </summary>
public sealed partial class MediaRouterGrain
{
    private static readonly IReadOnlyDictionary<string, TrackSource> NoPublish = new Dictionary<string, TrackSource>();

    private readonly HashSet<string> _localObservers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SiloAddress> _edgeOf = new(StringComparer.Ordinal);
    private readonly Dictionary<SiloAddress, EdgeRoute> _edges = [];

    /// <summary>Serves an observer on an edge when the policy says so; null when the origin serves the participant.</summary>
    private async Task<MediaAnswer?> NegotiateOnEdgeAsync(string participantId, Role role, MediaOffer offer)
    {
        if (role != Role.Observer)
        {
            await LeaveEdgeAsync(participantId); // promoted: publishers and speakers are served by the origin
            return null;
        }

        if (await ChooseEdgeAsync(participantId) is not { } edge)
        {
            return null;
        }

        // A pipe counts only if both ends still have it: the edge may have lost it (deactivated, its silo drained) and
        // the origin stops it when the track's producer is replaced. Others are forgotten here and opened again.
        var piped = (await edge.Grain.GetPipedTracksAsync()).ToHashSet(StringComparer.Ordinal);
        piped.IntersectWith(pipes.Running(SessionId, edge.Endpoint));
        StopPipes(edge, edge.Pipes.Where(t => !piped.Contains(t)).ToList());
        // As on the origin: tracks not carried (yet) are answered inactive and subscribed on the next track list.
        var subscribe = KnownOnly(offer.Subscribe);
        var tracks = sfu.Tracks(SessionId);
        foreach (string trackId in subscribe.Values.Distinct(StringComparer.Ordinal))
        {
            if (edge.Pipes.Contains(trackId)) continue;
            var pipe = pipes.Prepare(SessionId, trackId) ?? throw Refusals.Refuse("invalid-sdp", $"unknown producer {trackId}");
            await edge.Grain.OpenPipeAsync(pipe);
            if (pipes.Start(SessionId, pipe, edge.Endpoint) is { } error) throw Refusals.Refuse("pipe-failed", error);
            edge.Pipes.Add(trackId);
        }

        string answer = await edge.Grain.NegotiateAsync(participantId, offer with { Publish = NoPublish, Subscribe = subscribe });
        _edgeOf[participantId] = edge.Silo;
        StartSync();
        await AnnounceAsync(tracks);
        return new MediaAnswer(answer, tracks, _epoch);
    }

    private async Task<EdgeRoute?> ChooseEdgeAsync(string participantId)
    {
        if (_edgeOf.TryGetValue(participantId, out var placed))
        {
            if (IsActive(placed) && _edges.TryGetValue(placed, out var route)) return route;
            _edgeOf.Remove(participantId);
        }

        if (_localObservers.Contains(participantId)) return null;
        int limit = routing.Value.ObserversPerRouter;
        if (limit > 0 && _localObservers.Count < limit) return null;
        var candidates = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(localSilo.SiloAddress))
            .Select(m => m.SiloAddress)
            .OrderBy(s => _edgeOf.Values.Count(e => e.Equals(s)))
            .ThenBy(s => s.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        foreach (var silo in candidates)
        {
            if (await GetEdgeAsync(silo) is { } edge) return edge;
        }

        return null;
    }

    /// <summary>The edge route to a silo; null when its grain did not land there (the silo left meanwhile).</summary>
    private async Task<EdgeRoute?> GetEdgeAsync(SiloAddress silo)
    {
        if (_edges.TryGetValue(silo, out var known)) return known;
        var grain = GrainFactory.GetGrain<IMediaEdgeGrain>(MediaEdgeKey.Create(SessionId, silo));
        string endpoint = await grain.GetEndpointAsync();
        if (endpoint == pipes.Endpoint) return null; // it fell back to this silo: the origin serves better than a pipe to itself
        return _edges[silo] = new EdgeRoute(silo, grain, endpoint);
    }

    private async Task LeaveEdgeAsync(string participantId)
    {
        if (!_edgeOf.Remove(participantId, out var silo) || !_edges.TryGetValue(silo, out var edge)) return;
        StopPipes(edge, await edge.Grain.LeaveAsync(participantId));
    }

    /// <summary>Closes pipes the origin stopped and idle pipes on every edge, and edges that serve nobody.</summary>
    private async Task SyncEdgesAsync()
    {
        foreach (var edge in _edges.Values.ToList())
        {
            if (!IsActive(edge.Silo))
            {
                // Its silo left: its observers re-offer and are placed again; nothing can be sent there any more.
                StopPipes(edge, edge.Pipes.ToList());
                _edges.Remove(edge.Silo);
                continue;
            }

            var running = pipes.Running(SessionId, edge.Endpoint);
            StopPipes(edge, edge.Pipes.Except(running, StringComparer.Ordinal).ToList());
            StopPipes(edge, await edge.Grain.SyncAsync(running));
            if (edge.Pipes.Count == 0 && !_edgeOf.ContainsValue(edge.Silo))
            {
                await edge.Grain.CloseAsync();
                _edges.Remove(edge.Silo);
            }
        }

        foreach (var participant in _edgeOf.Where(p => !_edges.ContainsKey(p.Value)).Select(p => p.Key).ToList())
        {
            _edgeOf.Remove(participant);
        }
    }

    private async Task CloseEdgesAsync()
    {
        foreach (var edge in _edges.Values)
        {
            StopPipes(edge, edge.Pipes.ToList());
            if (IsActive(edge.Silo)) await edge.Grain.CloseAsync();
        }

        _edges.Clear();
        _edgeOf.Clear();
        _localObservers.Clear();
    }

    private void StopPipes(EdgeRoute edge, IReadOnlyList<string> trackIds)
    {
        foreach (string trackId in trackIds)
        {
            pipes.Stop(SessionId, trackId, edge.Endpoint);
            edge.Pipes.Remove(trackId);
        }
    }

    private bool IsActive(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;

    /// <summary>An edge router this grain uses: its silo, grain, SFU endpoint and the tracks piped to it.</summary>
    private sealed record EdgeRoute(SiloAddress Silo, IMediaEdgeGrain Grain, string Endpoint)
    {
        public HashSet<string> Pipes { get; } = new(StringComparer.Ordinal);
    }
}
