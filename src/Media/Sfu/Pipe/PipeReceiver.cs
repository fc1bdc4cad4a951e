using System.Buffers.Binary;
using System.Net;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// The edge side of a pipe: it accepts SRTP from the origin silo's SFU endpoint only, for the pipe's SSRC only, and
/// feeds the edge's pipe producer, which forwards to local consumers as any producer does (rewrite, keyframe start,
/// NACKs answered from its own history). The origin's sender reports feed the producer's statistics. Keyframe requests
/// go back to the origin as PLIs, and a gap in the pipe's sequence numbers as a NACK, protected with the feedback key.
/// </summary>
internal sealed class PipeReceiver : PipeEnd
{
    // RFC 4585 §6.1: PLI is the common feedback header with no FCI; RFC 3550 §6.4.1: SR sender info offsets.
    private const int PliLength = 12;

    private const int SenderReportMinLength = 28;

    private readonly SrtpContext _media;

    public PipeReceiver(SfuServer server, PipeTicket ticket, IPEndPoint origin, SrtpContext media, SrtpContext feedback)
        : base(server, origin, ticket.Ssrc, feedback)
    {
        _media = media;
    }

    /// <summary>The producer this pipe feeds; set once, right after construction.</summary>
    public Producer Producer { get; set; } = null!;

    public override void OnRtp(Span<byte> buffer, int length)
    {
        if (!_media.TryUnprotectRtp(buffer, length, out int plainLength, out SrtpError error))
        {
            Server.Drop(ToDropReason(error));
            return;
        }

        Span<byte> packet = buffer[..plainLength];
        if (!RtpHeader.TryParse(packet, out RtpHeader header) || header.Ssrc != Ssrc)
        {
            Server.Drop(SfuDropReason.PipeRejected);
            return;
        }

        Server.CountPipeReceived(length);
        int gap = Producer.OnRtp(packet, header, Server.Time.GetTimestamp(), Server.Time.TimestampFrequency, isRepair: false);
        if (gap is > 0 and <= GenericNack.MaxConsecutivePerItem && Producer.Kind == MediaKind.Video)
        {
            SendNack(header.SequenceNumber, gap);
        }
    }

    public override void OnRtcp(Span<byte> buffer, int length)
    {
        if (!_media.TryUnprotectRtcp(buffer, length, out int plainLength, out SrtpError error))
        {
            Server.Drop(ToDropReason(error));
            return;
        }

        var reader = new RtcpCompoundReader(buffer[..plainLength]);
        while (reader.MoveNext())
        {
            ReadOnlySpan<byte> packet = reader.Current.Packet;
            if (reader.Current.Header.PacketType == RtcpPacketType.SenderReport && packet.Length >= SenderReportMinLength
                && BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == Ssrc)
            {
                Producer.Statistics.OnSenderReport(
                    BinaryPrimitives.ReadUInt64BigEndian(packet[8..]), BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
                    Server.Time.GetTimestamp());
            }
        }

        if (reader.IsMalformed)
        {
            Server.Drop(SfuDropReason.PipeRejected);
        }
    }

    /// <summary>RFC 4585 §6.2.1: asks the origin again for the <paramref name="gap"/> packets before <paramref name="received"/>.</summary>
    private void SendNack(ushort received, int gap)
    {
        Span<byte> nack = stackalloc byte[GenericNack.SingleItemSize];
        SendRtcp(nack[..GenericNack.WriteConsecutive(nack, Ssrc, Ssrc, (ushort)(received - gap), gap)]);
    }

    /// <summary>RFC 4585 §6.3.1: asks the origin (and so the publisher) for a keyframe of the piped track.</summary>
    public bool SendKeyFrameRequest()
    {
        Span<byte> pli = stackalloc byte[PliLength];
        new RtcpHeader(RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.PictureLossFormat, PliLength).WriteTo(pli);
        BinaryPrimitives.WriteUInt32BigEndian(pli[4..], Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(pli[8..], Ssrc);
        return SendRtcp(pli);
    }
}
