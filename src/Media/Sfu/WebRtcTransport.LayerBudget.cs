namespace Live.Media.Sfu;

/// <summary>
/// Turns what this subscriber's path was shown to carry (<see cref="VerifiedBitrate"/>: the estimate, within what the
/// subscriber acknowledged or a probe measured) into a layer for each of its simulcast consumers, so a new subscriber
/// starts on the lowest layer (fast first frame, and safe on a narrow link) and climbs as probes show room: audio is
/// set aside first (it is what a viewer on a weak link must keep), and what remains is shared equally among the
/// simulcast video consumers not paused for bandwidth (WebRtcTransport.VideoPause.cs), each of which then picks the
/// highest layer whose measured rate fits
/// (<see cref="Consumer.SetMaxBitrate"/>, with its own hysteresis and keyframe-aligned switching). Single-stream video
/// cannot be thinned by the SFU: it is only paused when it does not fit.
/// </summary>
public sealed partial class WebRtcTransport
{
    /// <summary>
    /// What one Opus stream is assumed to take on the wire: browsers send about 32 kbit/s of payload, plus RTP, SRTP and
    /// UDP/IP headers at 50 packets/s (about 20 kbit/s).
    /// </summary>
    internal const long AudioReserveBitsPerSecond = 52_000;

    /// <summary>Packet lane, after an estimate: re-aims every simulcast consumer of this transport. Allocation free.</summary>
    private void ApplyEstimateToLayers(long estimate)
    {
        Consumer[] consumers = _consumers;
        int simulcast = 0;
        long budget = estimate;
        foreach (Consumer consumer in consumers)
        {
            if (consumer.IsSimulcast)
            {
                simulcast += consumer.IsPausedForBandwidth ? 0 : 1; // a paused video takes no share
            }
            else if (consumer.Producer.Kind == MediaKind.Audio)
            {
                budget -= AudioReserveBitsPerSecond;
            }
        }

        if (simulcast == 0)
        {
            return;
        }

        long share = Math.Max(0, budget) / simulcast;
        foreach (Consumer consumer in consumers)
        {
            if (consumer.IsSimulcast && !consumer.IsPausedForBandwidth)
            {
                consumer.SetMaxBitrate(share);
            }
        }
    }
}
