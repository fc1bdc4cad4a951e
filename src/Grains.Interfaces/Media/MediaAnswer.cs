namespace Live.Media;

/// <summary>The SFU's SDP answer, with the tracks of the session after this negotiation.</summary>
[GenerateSerializer, Immutable, Alias("Live.MediaAnswer")]
public sealed record MediaAnswer(
    [property: Id(0)] string Sdp,
    [property: Id(1)] IReadOnlyList<PublishedTrack> Tracks);
