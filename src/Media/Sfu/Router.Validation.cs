using Live.Media.Dtls;
using Live.Media.Ice;
using Live.Media.Sdp;

namespace Live.Media.Sfu;

/// <summary>The checks an offer passes before a negotiation changes anything, each with a message for the control plane.</summary>
public sealed partial class Router
{
    private string? Validate(string participantId, SessionDescription offer, IReadOnlyDictionary<string, TrackSource> publish,
        IReadOnlyDictionary<string, string> subscribe, out OfferTransport? remote)
    {
        remote = null;
        if (offer.Media.Count == 0)
        {
            return "the offer has no media sections";
        }

        foreach (string mid in publish.Keys)
        {
            if (subscribe.ContainsKey(mid))
            {
                return $"mid {mid} is listed both to publish and to subscribe";
            }
        }

        foreach (IGrouping<TrackSource, KeyValuePair<string, TrackSource>> group in publish.GroupBy(p => p.Value))
        {
            if (group.Count() > 1)
            {
                return $"{group.Key} is published by more than one mid ({string.Join(", ", group.Select(g => g.Key))})";
            }
        }

        string? error = ReadTransport(offer, out remote);
        if (error is not null)
        {
            return error;
        }

        foreach ((string mid, TrackSource source) in publish)
        {
            MediaDescription? media = offer.FindMedia(mid);
            if (media is null || !media.IsActive)
            {
                return $"publish mid {mid} is not an active section of the offer";
            }

            if (media.Direction is not (SdpDirection.SendOnly or SdpDirection.SendRecv))
            {
                return $"publish mid {mid} is {media.Direction.ToString().ToLowerInvariant()}; publishing needs sendonly or sendrecv";
            }

            string expected = source == TrackSource.Microphone ? "audio" : "video";
            if (media.Kind != expected)
            {
                return $"publish mid {mid} is {media.Kind} but {source} needs {expected}";
            }
        }

        foreach ((string mid, string producerId) in subscribe)
        {
            MediaDescription? media = offer.FindMedia(mid);
            if (media is null || !media.IsActive)
            {
                return $"subscribe mid {mid} is not an active section of the offer";
            }

            if (media.Direction is not (SdpDirection.RecvOnly or SdpDirection.SendRecv))
            {
                return $"subscribe mid {mid} is {media.Direction.ToString().ToLowerInvariant()}; subscribing needs recvonly or sendrecv";
            }

            if (!_producers.TryGetValue(producerId, out Producer? producer) || producer.IsClosed)
            {
                return $"unknown producer {producerId}";
            }

            if (media.Kind != (producer.Kind == MediaKind.Audio ? "audio" : "video"))
            {
                return $"subscribe mid {mid} is {media.Kind} but producer {producerId} is {producer.Kind.ToString().ToLowerInvariant()}";
            }

            if (producer.ParticipantId == participantId && publish.Values.All(s => Producer.CreateId(participantId, s) != producerId))
            {
                return $"producer {producerId} is the participant's own and is being unpublished";
            }
        }

        return null;
    }

    /// <summary>The browser's ICE credentials and certificate fingerprint, from the first active section or the session level.</summary>
    private static string? ReadTransport(SessionDescription offer, out OfferTransport? remote)
    {
        remote = null;
        MediaDescription? first = offer.Media.FirstOrDefault(m => m.IsActive);
        if (first is null)
        {
            return "every media section of the offer is rejected (port 0)";
        }

        string? ufrag = first.IceUfrag ?? offer.GetAttribute("ice-ufrag");
        string? password = first.IcePassword ?? offer.GetAttribute("ice-pwd");
        if (!IceCredentials.IsValid(ufrag, IceCredentials.MinUfragLength))
        {
            return "the offer has no valid a=ice-ufrag (RFC 8839 §5.4)";
        }

        if (!IceCredentials.IsValid(password, IceCredentials.MinPasswordLength))
        {
            return "the offer has no valid a=ice-pwd (RFC 8839 §5.4)";
        }

        string? fingerprintText = first.Fingerprint?.ToString() ?? offer.GetAttribute("fingerprint");
        if (fingerprintText is null || !DtlsFingerprint.TryParse(fingerprintText, out DtlsFingerprint? fingerprint))
        {
            return "the offer has no usable a=fingerprint (RFC 8122 §5)";
        }

        string? setup = first.Setup ?? offer.GetAttribute("setup");
        if (setup is "passive")
        {
            return "the offer is a=setup:passive, but the SFU is always the DTLS server (RFC 8842 §5.2)";
        }

        remote = new OfferTransport(ufrag!, password!, fingerprint!);
        return null;
    }

    private sealed record OfferTransport(string Ufrag, string Password, DtlsFingerprint Fingerprint);
}
