using System.Buffers.Binary;
using System.Net;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Simulcast;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// The sending side of a transport: rewritten RTP to the subscriber, each packet stamped with the transport-wide
/// sequence for send-side estimation (WebRtcTransport.Estimation.cs), and the SFU's own RTCP (PLI and NACK to the
/// publisher, receiver and sender reports). The outbound SRTP context is not thread-safe and sends come from the receive
/// thread, the report timer and negotiations, so each send takes this transport's own (uncontended in practice) lock.
/// </summary>
public sealed partial class WebRtcTransport
{
    // RFC 4585 §6.1: V=2, FMT in the count field; PLI and one-item NACK are 3 and 4 words long.
    private const int PliLength = 12;

    // RFC 3550 §6.4: an RR or SR holds at most 31 report blocks.
    private const int MaxReportBlocks = 31;

    // RFC 5905 §6: NTP time counts from 1900-01-01; .NET ticks from 0001-01-01.
    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rewrites, protects and sends one RTP packet; returns the bytes sent (0 when not sent).</summary>
    internal int SendRtp(ReadOnlySpan<byte> packet, in RtpHeader header, byte payloadType, uint ssrc, ushort sequence,
        byte midExtensionId, ReadOnlySpan<byte> mid, int? rtxSequenceNumber, in RtpStreamRewrite rewrite = default)
    {
        lock (_sendLock)
        {
            SrtpContext? outbound = _outbound;
            SocketAddress? remote = Ice.SelectedRemote;
            if (outbound is null || remote is null)
            {
                return 0;
            }

            Span<byte> buffer = _sendBuffer;
            byte transportWideCcId = _outgoingTransportWideCcId;
            ushort transportSequence = _nextTransportSequence;
            int length = RtpForwardWriter.Write(packet, header, buffer[..^outbound.RtpOverhead], payloadType, ssrc, sequence,
                midExtensionId, mid, rtxSequenceNumber, transportWideCcId, transportSequence, rewrite);
            if (length == 0 || !outbound.TryProtectRtp(buffer, length, out int protectedLength))
            {
                return 0;
            }

            if (!SendDatagram(buffer[..protectedLength], remote))
            {
                // The number is not used up: the subscriber sees no gap for a packet that never left.
                return 0;
            }

            if (transportWideCcId != 0)
            {
                OnTransportSequenceSent(transportSequence, protectedLength);
            }

            SfuMetrics.Sent(protectedLength, _tcpPath is not null);
            return protectedLength;
        }
    }

    /// <summary>Protects and sends one plain RTCP packet (or compound).</summary>
    internal bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        lock (_sendLock)
        {
            SrtpContext? outbound = _outbound;
            SocketAddress? remote = Ice.SelectedRemote;
            if (outbound is null || remote is null || packet.Length + outbound.RtcpOverhead > _sendBuffer.Length)
            {
                return false;
            }

            packet.CopyTo(_sendBuffer);
            if (!outbound.TryProtectRtcp(_sendBuffer, packet.Length, out int protectedLength))
            {
                return false;
            }

            return SendDatagram(_sendBuffer.AsSpan(0, protectedLength), remote);
        }
    }

    /// <summary>RFC 4585 §6.3.1: asks the publisher of <paramref name="mediaSsrc"/> for a keyframe.</summary>
    internal bool SendPictureLossIndication(uint mediaSsrc)
    {
        Span<byte> pli = stackalloc byte[PliLength];
        new RtcpHeader(RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.PictureLossFormat, PliLength).WriteTo(pli);
        BinaryPrimitives.WriteUInt32BigEndian(pli[4..], RtcpSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(pli[8..], mediaSsrc);
        bool sent = SendRtcp(pli);
        if (sent)
        {
            SfuMetrics.PliSent();
        }

        return sent;
    }

    /// <summary>RFC 4585 §6.2.1: asks the publisher again for the <paramref name="gap"/> packets before <paramref name="received"/>.</summary>
    private void SendNack(Producer producer, ushort received, int gap)
    {
        if (gap > GenericNack.MaxConsecutivePerItem)
        {
            return; // a burst this long is better repaired by a keyframe than by retransmissions
        }

        Span<byte> nack = stackalloc byte[GenericNack.SingleItemSize];
        if (SendRtcp(nack[..GenericNack.WriteConsecutive(nack, RtcpSsrc, producer.Ssrc, (ushort)(received - gap), gap)]))
        {
            SfuMetrics.NackSent();
        }
    }

    /// <summary>
    /// The SFU's periodic RTCP, terminated here rather than forwarded: a receiver report for what this transport
    /// publishes (RFC 3550 §6.4.2) and a sender report per started consumer (RFC 3550 §6.4.1), whose NTP/RTP pair follows
    /// the publisher's own SR so the subscriber can keep audio and video in sync.
    /// </summary>
    internal void SendReports()
    {
        if (!IsConnected)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[RtcpHeader.Size + 4 + MaxReportBlocks * ReportBlock.Size + 32];
        var blocks = new List<ReportBlock>();
        foreach (Producer producer in _producers)
        {
            if (producer.Statistics.Received > 0 && blocks.Count < MaxReportBlocks)
            {
                blocks.Add(producer.Statistics.CreateReportBlock(producer.Ssrc, Server.Time));
            }
        }

        if (blocks.Count > 0)
        {
            var report = new ReceiverReport { Ssrc = RtcpSsrc, ReportBlocks = blocks };
            SendRtcp(buffer[..report.WriteTo(buffer)]);
        }

        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsStarted && !consumer.IsClosed)
            {
                SenderReport report = CreateSenderReport(consumer);
                SendRtcp(buffer[..report.WriteTo(buffer)]);
            }
        }
    }

    private SenderReport CreateSenderReport(Consumer consumer)
    {
        TimeProvider time = Server.Time;
        int clockRate = Math.Max(1, consumer.Producer.Codecs.ClockRate);
        (ReceiveStatistics source, uint timestampOffset) = consumer.SenderReportMapping; // a simulcast consumer's current layer
        ulong ntp;
        uint rtp;
        if (source.HasSenderReport)
        {
            TimeSpan since = time.GetElapsedTime(source.LastSrArrival);
            ntp = source.LastSrNtp + (ulong)(since.TotalSeconds * (1UL << 32));
            rtp = source.LastSrRtp + timestampOffset + (uint)(since.TotalSeconds * clockRate);
        }
        else
        {
            ntp = ToNtp(time.GetUtcNow().UtcDateTime);
            rtp = consumer.LastTimestamp + (uint)(time.GetElapsedTime(consumer.LastSendTime).TotalSeconds * clockRate);
        }

        return new SenderReport
        {
            Ssrc = consumer.Ssrc,
            NtpTimestamp = ntp,
            RtpTimestamp = rtp,
            PacketCount = (uint)consumer.PacketsSent,
            OctetCount = (uint)consumer.OctetsSent,
        };
    }

    private static ulong ToNtp(DateTime utc)
    {
        double seconds = (utc - NtpEpoch).TotalSeconds;
        ulong whole = (ulong)seconds;
        return (whole << 32) | (ulong)((seconds - whole) * (1UL << 32));
    }
}
