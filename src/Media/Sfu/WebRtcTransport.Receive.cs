using System.Buffers.Binary;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// The receiving side of a transport, run in its router's <see cref="PacketLane"/>: SRTP/SRTCP unprotect, RTP to
/// producers, RTCP feedback to consumers.
/// </summary>
public sealed partial class WebRtcTransport
{
    // RFC 4585 §6.1: feedback messages carry the sender SSRC at 4 and the media source SSRC at 8; FCI from 12.
    private const int FeedbackMediaSsrcOffset = 8;
    private const int FeedbackFciOffset = 12;
    private const int NackItemSize = 4;
    private const int FirEntrySize = 8;

    // RFC 3550 §6.4.1: SR sender info: NTP timestamp at 8, RTP timestamp at 16.
    private const int SenderReportNtpOffset = 8;
    private const int SenderReportRtpOffset = 16;
    private const int SenderReportMinLength = 28;

    void IPacketSink.OnPacket(Net.PacketKind kind, Span<byte> buffer, int length)
    {
        if (kind == Net.PacketKind.Rtp)
        {
            OnSrtp(buffer, length);
        }
        else
        {
            OnSrtcp(buffer, length);
        }
    }

    /// <summary>Unprotects an SRTP datagram in <paramref name="buffer"/> and hands it to its producer.</summary>
    internal void OnSrtp(Span<byte> buffer, int length)
    {
        SrtpContext? inbound = _inbound;
        if (inbound is null)
        {
            Server.Drop(SfuDropReason.NotConnected);
            return;
        }

        if (!inbound.TryUnprotectRtp(buffer, length, out int plainLength, out SrtpError error))
        {
            Server.Drop(ToDropReason(error, rtcp: false));
            return;
        }

        Span<byte> packet = buffer[..plainLength];
        if (!RtpHeader.TryParse(packet, out RtpHeader header))
        {
            Server.Drop(SfuDropReason.RtpMalformed);
            return;
        }

        SfuMetrics.Received(plainLength, _tcpPath is not null);
        long now = Server.Time.GetTimestamp();
        RecordArrival(packet, header, now);
        Producer[] producers = _producers;
        foreach (Producer producer in producers)
        {
            if (producer.Ssrc == header.Ssrc)
            {
                if (producer.Layers.Count > 0 && producer.PrimaryLayer is null)
                {
                    BindPrimaryLayer(producer, packet, header);
                }

                int gap = producer.OnRtp(packet, header, now, Server.Time.TimestampFrequency, isRepair: false);
                if (gap > 0 && producer.Kind == MediaKind.Video)
                {
                    SendNack(producer, header.SequenceNumber, gap);
                }

                return;
            }

            if (producer.RtxSsrc == header.Ssrc)
            {
                OnRepair(producer, layer: null, packet, header, now);
                return;
            }
        }

        if (TryReceiveOnLayer(producers, packet, header, now))
        {
            return;
        }

        if (TryLearnSsrc(producers, packet, header, now, out SfuDropReason? drop, out bool handled) is { } learned)
        {
            learned.OnRtp(packet, header, now, Server.Time.TimestampFrequency, isRepair: false);
            return;
        }

        if (!handled)
        {
            Server.Drop(drop ?? SfuDropReason.NoProducer);
        }
    }

    /// <summary>Unprotects an SRTCP datagram and acts on the feedback and reports in it.</summary>
    internal void OnSrtcp(Span<byte> buffer, int length)
    {
        SrtpContext? inbound = _inbound;
        if (inbound is null)
        {
            Server.Drop(SfuDropReason.NotConnected);
            return;
        }

        if (!inbound.TryUnprotectRtcp(buffer, length, out int plainLength, out SrtpError error))
        {
            Server.Drop(ToDropReason(error, rtcp: true));
            return;
        }

        var reader = new RtcpCompoundReader(buffer[..plainLength]);
        while (reader.MoveNext())
        {
            RtcpPacketView view = reader.Current;
            switch (view.Header.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    OnSenderReport(view.Packet);
                    break;
                case RtcpPacketType.TransportFeedback when view.Header.Count == RtcpPacketType.GenericNackFormat:
                    OnNack(view.Packet);
                    break;
                case RtcpPacketType.TransportFeedback when view.Header.Count == RtcpPacketType.TransportWideCcFormat:
                    OnTransportFeedback(view.Packet);
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when view.Header.Count == RtcpPacketType.PictureLossFormat:
                    OnKeyFrameRequest(ReadUInt32(view.Packet, FeedbackMediaSsrcOffset));
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when view.Header.Count == RtcpPacketType.FullIntraRequestFormat:
                    // RFC 5104 §4.3.1.1: the media source field is 0; the FCI entries name the SSRCs.
                    for (int offset = FeedbackFciOffset; offset + FirEntrySize <= view.Packet.Length; offset += FirEntrySize)
                    {
                        OnKeyFrameRequest(ReadUInt32(view.Packet, offset));
                    }

                    break;
                default:
                    // RR, SDES, BYE, REMB: terminated here.
                    break;
            }
        }

        if (reader.IsMalformed)
        {
            Server.Drop(SfuDropReason.RtcpMalformed);
        }
    }

    private void OnSenderReport(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < SenderReportMinLength)
        {
            return;
        }

        uint ssrc = ReadUInt32(packet, 4);
        foreach (Producer producer in _producers)
        {
            ReceiveStatistics? statistics = producer.Ssrc == ssrc ? producer.Statistics : FindLayerStatistics(producer, ssrc);
            if (statistics is not null)
            {
                statistics.OnSenderReport(
                    BinaryPrimitives.ReadUInt64BigEndian(packet[SenderReportNtpOffset..]),
                    ReadUInt32(packet, SenderReportRtpOffset),
                    Server.Time.GetTimestamp());
                return;
            }
        }
    }

    /// <summary>RFC 4585 §6.2.1: each FCI item is a PID and a bitmask of the 16 following lost packets.</summary>
    private void OnNack(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < FeedbackFciOffset || FindConsumer(ReadUInt32(packet, FeedbackMediaSsrcOffset)) is not { } consumer)
        {
            return;
        }

        for (int offset = FeedbackFciOffset; offset + NackItemSize <= packet.Length; offset += NackItemSize)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            ushort mask = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            Retransmit(consumer, pid);
            for (int bit = 0; bit < 16; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    Retransmit(consumer, (ushort)(pid + bit + 1));
                }
            }
        }
    }

    private static void Retransmit(Consumer consumer, ushort sequence)
    {
        SfuMetrics.NackRequested(1);
        switch (consumer.Retransmit(sequence))
        {
            case RetransmitOutcome.Sent:
                SfuMetrics.NackAnswered();
                break;
            case RetransmitOutcome.HeldOff:
                SfuMetrics.NackHeldOff();
                break;
            case RetransmitOutcome.TooOld:
                SfuMetrics.NackTooOld();
                break;
        }
    }

    private void OnKeyFrameRequest(uint mediaSsrc)
    {
        if (FindConsumer(mediaSsrc) is { } consumer)
        {
            consumer.RequestKeyFrame();
        }
    }

    /// <summary>
    /// RFC 4588 §4: an RTX packet carries the original sequence number first; restore it and treat it as the original
    /// (of <paramref name="layer"/>'s stream when it repairs a simulcast layer other than the primary one).
    /// </summary>
    private void OnRepair(Producer producer, SimulcastLayer? layer, Span<byte> packet, in RtpHeader header, long now)
    {
        if (header.PayloadLength == 0 && header.PaddingLength > 0)
        {
            return; // padding only: a bandwidth probe, already recorded for transport-wide feedback
        }

        if (header.PayloadLength < RtpForwardWriter.RtxHeaderSize || !producer.Codecs.IsRtx(header.PayloadType, out byte primary))
        {
            Server.Drop(SfuDropReason.RtpMalformed);
            return;
        }

        ushort original = BinaryPrimitives.ReadUInt16BigEndian(packet[header.PayloadOffset..]);
        RtpPacketRewriter.SetSequenceNumber(packet, original);
        bool repairsPrimaryLayer = layer is null || layer.Ssrc == producer.Ssrc;
        RtpPacketRewriter.SetSsrc(packet, repairsPrimaryLayer ? producer.Ssrc : layer!.Ssrc);
        RtpPacketRewriter.SetPayloadType(packet, primary);
        Span<byte> tail = packet[(header.PayloadOffset + RtpForwardWriter.RtxHeaderSize)..];
        tail.CopyTo(packet[header.PayloadOffset..]);
        Span<byte> restored = packet[..^RtpForwardWriter.RtxHeaderSize];
        if (!RtpHeader.TryParse(restored, out RtpHeader restoredHeader))
        {
            return;
        }

        if (repairsPrimaryLayer)
        {
            producer.OnRtp(restored, restoredHeader, now, Server.Time.TimestampFrequency, isRepair: true);
        }
        else
        {
            producer.OnLayerRtp(layer!, restored, restoredHeader, now, Server.Time.TimestampFrequency, isRepair: true);
        }
    }

    /// <summary>
    /// A producer whose offer announced no a=ssrc takes the SSRC of the first packet carrying its MID. A simulcast
    /// producer first binds the packet's SSRC to the layer its rid names (<see cref="LearnLayer"/>); the first media
    /// layer seen becomes the primary stream. Null, with the reason in <paramref name="drop"/> when it is not
    /// <see cref="SfuDropReason.NoProducer"/>, when the packet is not for the primary path; <paramref name="handled"/>
    /// when it was another layer's first packet, already handed to the producer.
    /// </summary>
    private Producer? TryLearnSsrc(Producer[] producers, ReadOnlySpan<byte> packet, in RtpHeader header, long now,
        out SfuDropReason? drop, out bool handled)
    {
        drop = null;
        handled = false;
        byte id = IncomingMidExtensionId;
        if (id == 0 || !header.TryGetExtension(packet, id, out ReadOnlySpan<byte> mid))
        {
            return null;
        }

        foreach (Producer producer in producers)
        {
            if (producer.Layers.Count > 0 && MidEquals(producer.Mid, mid))
            {
                return LearnLayer(producer, packet, header, now, out drop, out handled);
            }

            if (producer.Ssrc == 0 && !producer.Codecs.IsRtx(header.PayloadType, out _) && MidEquals(producer.Mid, mid))
            {
                producer.Ssrc = header.Ssrc;
                return producer;
            }
        }

        return null;
    }

    /// <summary>
    /// Binds the packet's SSRC to the simulcast layer its RtpStreamId (or, for RTX, RepairedRtpStreamId) names, once
    /// (RFC 8852 §3; RFC 8853 §5.1). The first media layer bound becomes <see cref="Producer.Ssrc"/> (the primary layer:
    /// recorded, piped) and its RTX stream <see cref="Producer.RtxSsrc"/>; another layer gets receive state of its own
    /// and its first packet goes to the consumers at once. A rid that names no layer, or a layer already bound to
    /// another SSRC, changes nothing.
    /// </summary>
    private Producer? LearnLayer(Producer producer, ReadOnlySpan<byte> packet, in RtpHeader header, long now,
        out SfuDropReason? drop, out bool handled)
    {
        handled = false;
        bool repair = producer.Codecs.IsRtx(header.PayloadType, out _);
        byte id = repair ? IncomingRepairedRidExtensionId : IncomingRidExtensionId;
        drop = SfuDropReason.SimulcastUnknownRid;
        if (id == 0 || !header.TryGetExtension(packet, id, out ReadOnlySpan<byte> rid))
        {
            drop = null; // no rid: a packet of no known stream
            return null;
        }

        foreach (SimulcastLayer layer in producer.Layers)
        {
            if (!MidEquals(layer.Rid, rid))
            {
                continue;
            }

            if (!layer.TryLearn(header.Ssrc, repair))
            {
                return null;
            }

            drop = SfuDropReason.SimulcastLayerNotForwarded;
            if (!repair && producer.Ssrc == 0)
            {
                producer.Ssrc = header.Ssrc;
                producer.BindLayer(layer);
                drop = null;
                return producer;
            }

            if (!repair)
            {
                producer.BindLayer(layer);
                producer.OnLayerRtp(layer, packet, header, now, Server.Time.TimestampFrequency, isRepair: false);
                handled = true; // counted there when no consumer took it
                return null;
            }

            if (repair && layer.Ssrc != 0 && layer.Ssrc == producer.Ssrc && producer.RtxSsrc is null)
            {
                producer.RtxSsrc = header.Ssrc; // the next repairs take the RTX path
            }

            return null;
        }

        return null;
    }

    private Consumer? FindConsumer(uint ssrc)
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Ssrc == ssrc || consumer.RtxSsrc == ssrc)
            {
                return consumer;
            }
        }

        return null;
    }

    private static bool MidEquals(string mid, ReadOnlySpan<byte> value)
    {
        if (mid.Length != value.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (mid[i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> packet, int offset) =>
        packet.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]) : 0;

    /// <summary>
    /// The drop reason of an SRTP/SRTCP packet that did not unprotect. One shorter than its header, CSRC list, header
    /// extension or SRTP trailer claims (RFC 3550 §5.1, RFC 3711 §3.1, §3.4), or not version 2, is malformed RTP or RTCP:
    /// no key could ever verify it, so it is not an SRTP failure.
    /// </summary>
    internal static SfuDropReason ToDropReason(SrtpError error, bool rtcp) => error switch
    {
        SrtpError.AuthFailed => SfuDropReason.SrtpAuth,
        SrtpError.Replayed or SrtpError.TooOld => SfuDropReason.SrtpReplay,
        SrtpError.Truncated or SrtpError.InvalidHeader => rtcp ? SfuDropReason.RtcpMalformed : SfuDropReason.RtpMalformed,
        _ => SfuDropReason.SrtpOther, // the stream limit, an exhausted SRTCP index
    };
}
