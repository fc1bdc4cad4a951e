using Live.Media.Rtcp;
using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <summary>
/// The receive side of simulcast layers other than a producer's primary one (RFC 8853): their packets, repairs and
/// sender reports go to the layer's own receive state, and a gap in a layer is NACKed for that layer's SSRC.
/// </summary>
public sealed partial class WebRtcTransport
{
    /// <summary>True when the packet is media or RTX of a bound, non-primary simulcast layer and was handled as such.</summary>
    private bool TryReceiveOnLayer(Producer[] producers, Span<byte> packet, in RtpHeader header, long now)
    {
        foreach (Producer producer in producers)
        {
            IReadOnlyList<SimulcastLayer> layers = producer.Layers;
            for (int i = 0; i < layers.Count; i++)
            {
                SimulcastLayer layer = layers[i];
                if (layer.Ssrc != 0 && layer.Ssrc == header.Ssrc && layer.Receiver is not null)
                {
                    int gap = producer.OnLayerRtp(layer, packet, header, now, Server.Time.TimestampFrequency, isRepair: false);
                    if (gap > 0 && producer.Kind == MediaKind.Video)
                    {
                        SendLayerNack(layer.Ssrc, header.SequenceNumber, gap);
                    }

                    return true;
                }

                if (layer.RtxSsrc != 0 && layer.RtxSsrc == header.Ssrc && layer.Receiver is not null)
                {
                    OnRepair(producer, layer, packet, header, now);
                    return true;
                }

                if (layer.Owns(header.Ssrc))
                {
                    // An RTX stream bound before its layer's media: nothing to restore it into yet.
                    Server.Drop(SfuDropReason.SimulcastLayerNotForwarded);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A simulcast producer whose SSRC the offer announced (a=ssrc, as Firefox writes it) receives that stream by SSRC,
    /// not through <see cref="LearnLayer"/>: its packets' RtpStreamId (RFC 8852 §3.1) says which layer it is. Until one
    /// does, its consumers have no layer to forward.
    /// </summary>
    private void BindPrimaryLayer(Producer producer, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        byte id = IncomingRidExtensionId;
        if (id == 0 || !header.TryGetExtension(packet, id, out ReadOnlySpan<byte> rid))
        {
            return;
        }

        IReadOnlyList<SimulcastLayer> layers = producer.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (MidEquals(layers[i].Rid, rid))
            {
                if (layers[i].TryLearn(header.Ssrc, repair: false) || layers[i].Ssrc == header.Ssrc)
                {
                    producer.BindLayer(layers[i]);
                }

                return;
            }
        }
    }

    /// <summary>The statistics of the simulcast layer of <paramref name="producer"/> whose media SSRC is <paramref name="ssrc"/>.</summary>
    private static ReceiveStatistics? FindLayerStatistics(Producer producer, uint ssrc)
    {
        IReadOnlyList<SimulcastLayer> layers = producer.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Ssrc == ssrc && layers[i].Receiver is { } receiver)
            {
                return receiver.Statistics;
            }
        }

        return null;
    }

    /// <summary>RFC 4585 §6.2.1: asks the publisher again for the <paramref name="gap"/> packets of one layer before <paramref name="received"/>.</summary>
    private void SendLayerNack(uint layerSsrc, ushort received, int gap)
    {
        if (gap > GenericNack.MaxConsecutivePerItem)
        {
            return; // as for the primary stream: a burst this long is better repaired by a keyframe
        }

        Span<byte> nack = stackalloc byte[GenericNack.SingleItemSize];
        if (SendRtcp(nack[..GenericNack.WriteConsecutive(nack, RtcpSsrc, layerSsrc, (ushort)(received - gap), gap)]))
        {
            SfuMetrics.NackSent();
        }
    }
}
