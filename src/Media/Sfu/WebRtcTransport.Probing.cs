using Live.Media.Bwe;
using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// Bandwidth probing towards the subscriber: a subscriber held on a low simulcast layer sends too little for its
/// estimate to find room for a higher one (the delay-based estimate stays within 1.5× of what was acknowledged), so
/// when one of its consumers could climb, the transport probes (<see cref="ProbeScheduler"/>): for a few hundred
/// milliseconds it adds padding-only RTP packets at the probe's rate on a consumer's RTX stream, which the browser
/// discards after reporting them in its transport-cc feedback (as libwebrtc's own senders pad). The padding is paced
/// by the receive thread's own forwarding, a few packets after each forwarded one, so nothing waits and no timer runs.
/// </summary>
public sealed partial class WebRtcTransport
{
    /// <summary>A padding packet carries this many bytes (RFC 3550 §5.1: the count octet holds at most 255).</summary>
    private const int PaddingBytes = 255;

    /// <summary>
    /// At most this many padding packets after one forwarded packet: a gap in forwarding (a loaded machine) is not made
    /// up in one burst, which would measure the burst rather than the path.
    /// </summary>
    private const int MaxPaddingPacketsPerTick = 16;

    private readonly object _probeGate = new();
    private readonly byte[] _paddingPacket = CreatePaddingPacket();
    private long _probeRateBps;
    private long _probeStartUs;
    private long _probeSentBytes;

    /// <summary>Probes started towards this subscriber, and those that raised its estimate.</summary>
    public (long Started, long Raised) ProbeCounts
    {
        get
        {
            lock (_sendLock)
            {
                return _estimator?.ProbeCounts ?? default;
            }
        }
    }

    /// <summary>
    /// Receive thread, after a simulcast consumer of this transport forwarded a packet: starts a probe when one is due,
    /// and sends the padding a running probe owes by now. Another thread already in here makes this a no-op.
    /// </summary>
    internal void OnSimulcastForwarded()
    {
        if (_estimator is null || !Monitor.TryEnter(_probeGate))
        {
            return;
        }

        try
        {
            long nowUs = NowMicroseconds();
            if (_probeRateBps == 0 && !TryStartProbe(nowUs))
            {
                return;
            }

            SendProbePadding(nowUs);
        }
        finally
        {
            Monitor.Exit(_probeGate);
        }
    }

    private bool TryStartProbe(long nowUs)
    {
        long wanted = WantedBitrate();
        if (wanted == 0 || PaddingCarrier() is null)
        {
            return false;
        }

        lock (_sendLock)
        {
            _probeRateBps = _estimator!.TryStartProbe(nowUs, wanted);
        }

        _probeStartUs = nowUs;
        _probeSentBytes = 0;
        return _probeRateBps > 0;
    }

    private void SendProbePadding(long nowUs)
    {
        long elapsed = Math.Min(nowUs - _probeStartUs, ProbeScheduler.DurationUs);
        long owed = _probeRateBps * elapsed / 8_000_000 - _probeSentBytes;
        Consumer? carrier = PaddingCarrier();
        int packets = 0;
        while (owed > 0 && carrier is not null && packets < MaxPaddingPacketsPerTick)
        {
            int sent = carrier.SendPadding(_paddingPacket);
            if (sent == 0)
            {
                break;
            }

            owed -= sent;
            _probeSentBytes += sent;
            packets++;
        }

        if (owed > 0)
        {
            _probeSentBytes += owed; // not made up later: the probe's send rate is what actually left
        }

        if (elapsed >= ProbeScheduler.DurationUs || carrier is null)
        {
            lock (_sendLock)
            {
                _estimator!.EndProbe(nowUs);
            }

            _probeRateBps = 0;
        }
    }

    /// <summary>
    /// What this subscriber would use with every simulcast consumer on the top layer arriving (with the margin needed to
    /// climb) and its audio beside, shared as <see cref="ApplyEstimateToLayers"/> shares; 0 when none could climb.
    /// </summary>
    private long WantedBitrate()
    {
        long audio = 0;
        long topNeed = 0;
        int simulcast = 0;
        bool canClimb = false;
        long now = Server.Time.GetTimestamp();
        foreach (Consumer consumer in _consumers)
        {
            if (!consumer.IsSimulcast)
            {
                audio += consumer.Producer.Kind == MediaKind.Audio ? AudioReserveBitsPerSecond : 0;
                continue;
            }

            simulcast++;
            IReadOnlyList<SimulcastLayer> layers = consumer.Producer.Layers;
            for (int layer = layers.Count - 1; layer >= 0; layer--)
            {
                long rate = layers[layer].Receiver?.Bitrate.BitsPerSecond(now) ?? 0;
                if (rate <= 0)
                {
                    continue;
                }

                topNeed = Math.Max(topNeed, (long)(rate * SimulcastLayerBudget.UpMargin));
                canClimb |= consumer.CurrentLayer >= 0 && consumer.CurrentLayer < layer;
                break;
            }
        }

        return canClimb ? audio + simulcast * topNeed : 0;
    }

    /// <summary>A started simulcast consumer with an RTX stream, whose padding the subscriber discards.</summary>
    private Consumer? PaddingCarrier()
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsSimulcast && consumer.CanSendPadding)
            {
                return consumer;
            }
        }

        return null;
    }

    /// <summary>An RTP header (V=2, P set) and nothing but padding; the writer fills in SSRC, sequence and payload type.</summary>
    private static byte[] CreatePaddingPacket()
    {
        var packet = new byte[RtpHeader.FixedHeaderSize + PaddingBytes];
        packet[0] = 0x80 | 0x20;
        packet[^1] = PaddingBytes;
        return packet;
    }
}
