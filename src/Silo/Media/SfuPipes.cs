using System.Net;
using Live.Grains.Media;
using Live.Media.Sfu;
using SfuSource = Live.Media.Sfu.TrackSource;
using TrackSource = Live.Media.TrackSource;

namespace Live.Silo.Media;

/// <summary>
/// The silo's SFU pipes as the media grains see them: product words (tracks, endpoints as text) to the data plane's
/// (producers, <see cref="PipeTicket"/>, <see cref="IPEndPoint"/>). Bad offers give errors, never exceptions.
/// </summary>
public sealed class SfuPipes(SfuServer sfu) : ISfuPipes
{
    public string Endpoint { get; } = new IPEndPoint(sfu.Candidate.Address, sfu.Candidate.Port).ToString();

    public PipeOffer? Prepare(string routerId, string trackId) =>
        sfu.TryGetRouter(routerId, out var router) && router?.CreatePipeTicket(trackId) is { } ticket ? ToOffer(ticket) : null;

    public string? Start(string routerId, PipeOffer offer, string edgeEndpoint)
    {
        if (!IPEndPoint.TryParse(edgeEndpoint, out var edge)) return $"'{edgeEndpoint}' is not an SFU endpoint";
        if (!sfu.TryGetRouter(routerId, out var router) || router is null) return $"no router {routerId} on this silo";
        return ToTicket(offer) is { } ticket ? router.StartPipe(ticket, edge) : "the pipe offer is malformed";
    }

    public bool Stop(string routerId, string trackId, string edgeEndpoint) =>
        IPEndPoint.TryParse(edgeEndpoint, out var edge) && sfu.TryGetRouter(routerId, out var router) && router is not null
        && router.StopPipe(trackId, edge);

    public IReadOnlyList<string> Running(string routerId, string edgeEndpoint) =>
        IPEndPoint.TryParse(edgeEndpoint, out var edge) && sfu.TryGetRouter(routerId, out var router) && router is not null
            ? router.PipedTo(edge)
            : [];

    public int SenderCount(string routerId) => sfu.TryGetRouter(routerId, out var router) && router is not null ? router.PipeSenderCount : 0;

    public string? Open(string routerId, PipeOffer offer)
    {
        if (!IPEndPoint.TryParse(offer.OriginEndpoint ?? string.Empty, out var origin)) return $"'{offer.OriginEndpoint}' is not an SFU endpoint";
        if (ToTicket(offer) is not { } ticket) return "the pipe offer is malformed";
        return sfu.GetOrCreateRouter(routerId).OpenPipeProducer(ticket, origin);
    }

    public bool Close(string routerId, string trackId) =>
        sfu.TryGetRouter(routerId, out var router) && router is not null && router.ClosePipeProducer(trackId);

    public IReadOnlyList<string> CloseIdle(string routerId) =>
        sfu.TryGetRouter(routerId, out var router) && router is not null ? router.CloseIdlePipeProducers() : [];

    public IReadOnlyList<string> PipedTracks(string routerId) =>
        sfu.TryGetRouter(routerId, out var router) && router is not null ? router.PipeProducerIds : [];

    private PipeOffer ToOffer(PipeTicket t) => new(
        t.ProducerId, t.ParticipantId, FromSfu(t.Source), t.Kind == MediaKind.Audio ? "audio" : "video", t.Ssrc, t.ClockRate,
        t.Codecs.Select(c => c.PayloadType).ToArray(), t.Codecs.Select(c => c.Name).ToArray(),
        t.MediaKey, t.MediaSalt, t.FeedbackKey, t.FeedbackSalt, Endpoint);

    private static PipeTicket? ToTicket(PipeOffer o)
    {
        if (o.PayloadTypes is null || o.CodecNames is null || o.PayloadTypes.Length != o.CodecNames.Length
            || o.Kind is not ("audio" or "video") || !Enum.IsDefined(o.Source)
            || o.MediaKey is null || o.MediaSalt is null || o.FeedbackKey is null || o.FeedbackSalt is null)
        {
            return null;
        }

        var codecs = o.PayloadTypes.Zip(o.CodecNames, (pt, name) => new PipeCodec(pt, name ?? string.Empty)).ToList();
        return new PipeTicket(o.TrackId, o.ParticipantId, ToSfu(o.Source), o.Kind == "audio" ? MediaKind.Audio : MediaKind.Video,
            o.Ssrc, o.ClockRate, codecs, o.MediaKey, o.MediaSalt, o.FeedbackKey, o.FeedbackSalt);
    }

    private static SfuSource ToSfu(TrackSource source) => source switch
    {
        TrackSource.Camera => SfuSource.Camera,
        TrackSource.Microphone => SfuSource.Microphone,
        _ => SfuSource.Screen,
    };

    private static TrackSource FromSfu(SfuSource source) => source switch
    {
        SfuSource.Camera => TrackSource.Camera,
        SfuSource.Microphone => TrackSource.Microphone,
        _ => TrackSource.Screen,
    };
}
