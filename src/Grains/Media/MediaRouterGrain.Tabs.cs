using Live.Grains.Infrastructure;
using Live.Media;

namespace Live.Grains.Media;

/// <summary>
/// One participant's media lives in one browser tab. The same invite opened in a second tab (or on a second device)
/// takes the media over, since that is where the person now is; the older tab's next offer is refused with
/// <c>media-elsewhere</c> and its page says so and offers to take the media back. Without this, both tabs replaced
/// each other's transport in turn (each new DTLS fingerprint replaces the participant's transport), both stalled,
/// and the host lost that participant's video without a word.
/// </summary>
public sealed partial class MediaRouterGrain
{
    /// <summary>Tab ids are opaque browser-made strings (a UUID is 36 characters).</summary>
    public const int MaxTabLength = 64;

    /// <summary>
    /// The tab that holds each participant's media. Kept by this activation only: after a router moves, the first tab
    /// to reach the new router holds the media, and the other is refused as before.
    /// </summary>
    private readonly Dictionary<string, string> _mediaTabs = new(StringComparer.Ordinal);

    /// <summary>Refuses an offer from a tab that does not hold the participant's media and does not take it over.</summary>
    private void ClaimMediaTab(string participantId, MediaOffer offer)
    {
        if (offer.Tab is null) return;
        if (offer.Tab.Length is 0 or > MaxTabLength)
            throw Refusals.Refuse("invalid-tab", $"A tab id has 1 to {MaxTabLength} characters.");
        if (!offer.TakeOver && _mediaTabs.TryGetValue(participantId, out string? holder) && holder != offer.Tab)
            throw Refusals.Refuse("media-elsewhere", "Your camera, microphone and video are in use in another tab or on another device.");
        _mediaTabs[participantId] = offer.Tab;
    }

    private void ForgetMediaTab(string participantId) => _mediaTabs.Remove(participantId);
}
