using Live.Grains.Media;
using Live.Media;
using Live.Media.Sfu;
using SfuSource = Live.Media.Sfu.TrackSource;
using TrackSource = Live.Media.TrackSource;

namespace Live.Silo.Media;

/// <summary>The silo's SFU as grains see it: sessions map to routers, product words (tracks) to mediasoup's (producers).</summary>
public sealed class SfuRouters(SfuServer sfu) : ISfuRouters
{
    public RouterNegotiation Negotiate(string sessionId, string participantId, MediaOffer offer)
    {
        var router = sfu.GetOrCreateRouter(sessionId);
        var publish = offer.Publish.ToDictionary(p => p.Key, p => ToSfu(p.Value));
        var result = router.Negotiate(participantId, offer.Sdp, publish, offer.Subscribe);
        return new RouterNegotiation(result.Succeeded ? result.AnswerSdp : null, result.Error, ToTracks(result.Producers));
    }

    public IReadOnlyList<PublishedTrack> Leave(string sessionId, string participantId)
    {
        if (!sfu.TryGetRouter(sessionId, out var router) || router is null) return [];
        router.CloseParticipant(participantId);
        return ToTracks(router.Producers);
    }

    public void Close(string sessionId) => sfu.CloseRouter(sessionId);

    public IReadOnlyList<PublishedTrack> Tracks(string sessionId) =>
        sfu.TryGetRouter(sessionId, out var router) && router is not null ? ToTracks(router.Producers) : [];

    public int TransportCount(string sessionId) =>
        sfu.TryGetRouter(sessionId, out var router) && router is not null ? router.TransportCount : 0;

    private static List<PublishedTrack> ToTracks(IReadOnlyList<ProducerInfo> producers) =>
        producers.OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PublishedTrack(p.Id, p.ParticipantId, FromSfu(p.Source), p.Kind == MediaKind.Audio ? "audio" : "video"))
            .ToList();

    private static SfuSource ToSfu(TrackSource source) => source switch
    {
        TrackSource.Camera => SfuSource.Camera,
        TrackSource.Microphone => SfuSource.Microphone,
        TrackSource.Screen => SfuSource.Screen,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    private static TrackSource FromSfu(SfuSource source) => source switch
    {
        SfuSource.Camera => TrackSource.Camera,
        SfuSource.Microphone => TrackSource.Microphone,
        _ => TrackSource.Screen,
    };
}
