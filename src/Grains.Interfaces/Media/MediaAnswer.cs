namespace Live.Media;

/// <summary>
/// The SFU's SDP answer, with the tracks of the session after this negotiation and the epoch of the media router that
/// answered (see <see cref="MediaRouterStatus"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.MediaAnswer")]
public sealed record MediaAnswer(
    [property: Id(0)] string Sdp,
    [property: Id(1)] IReadOnlyList<PublishedTrack> Tracks,
    [property: Id(2)] long Epoch = 0);
