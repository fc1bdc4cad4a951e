namespace Live.Media;

/// <summary>
/// A browser's SDP offer and what each of its media sections is for: <see cref="Publish"/> maps a mid to the
/// source it sends, <see cref="Subscribe"/> maps a mid to the track it wants to receive. Browsers always offer.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.MediaOffer")]
public sealed record MediaOffer(
    [property: Id(0)] string Sdp,
    [property: Id(1)] IReadOnlyDictionary<string, TrackSource> Publish,
    [property: Id(2)] IReadOnlyDictionary<string, string> Subscribe);
