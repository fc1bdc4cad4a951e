using Live.Media;

namespace Live.Grains.Media;

/// <summary>
/// One track's pipe as the origin grain hands it to an edge grain: what the track is, its payload types and codecs,
/// the pipe's SSRC, the two SRTP master keys and salts the origin generated for this pipe (media origin → edge,
/// feedback edge → origin), and the origin SFU's endpoint, the only address the edge accepts the pipe from.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.PipeOffer")]
public sealed record PipeOffer(
    [property: Id(0)] string TrackId,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] TrackSource Source,
    [property: Id(3)] string Kind,
    [property: Id(4)] uint Ssrc,
    [property: Id(5)] int ClockRate,
    [property: Id(6)] byte[] PayloadTypes,
    [property: Id(7)] string[] CodecNames,
    [property: Id(8)] byte[] MediaKey,
    [property: Id(9)] byte[] MediaSalt,
    [property: Id(10)] byte[] FeedbackKey,
    [property: Id(11)] byte[] FeedbackSalt,
    [property: Id(12)] string OriginEndpoint)
{
    /// <summary>Keys stay out of logs and exception messages.</summary>
    public override string ToString() => $"PipeOffer {{ TrackId = {TrackId}, Ssrc = {Ssrc}, OriginEndpoint = {OriginEndpoint} }}";
}
