namespace Live.Media;

/// <summary>
/// A browser's SDP offer and what each of its media sections is for: <see cref="Publish"/> maps a mid to the
/// source it sends, <see cref="Subscribe"/> maps a mid to the track it wants to receive. Browsers always offer.
/// </summary>
/// <param name="Tab">
/// An opaque id of the browser tab (or device) making the offer. One participant's media lives in one tab: an offer
/// from another tab is refused (<c>media-elsewhere</c>) unless it sets <paramref name="TakeOver"/>. Null for callers
/// that do not track tabs: their latest offer replaces the participant's connection, as before tabs existed.
/// </param>
/// <param name="TakeOver">
/// Set on a tab's first offer after the page opened its media, and when the person asks to use this tab instead:
/// the participant's media moves here and the other tab's next offer is refused.
/// </param>
[GenerateSerializer, Immutable, Alias("Live.MediaOffer")]
public sealed record MediaOffer(
    [property: Id(0)] string Sdp,
    [property: Id(1)] IReadOnlyDictionary<string, TrackSource> Publish,
    [property: Id(2)] IReadOnlyDictionary<string, string> Subscribe,
    [property: Id(3)] string? Tab = null,
    [property: Id(4)] bool TakeOver = false);
