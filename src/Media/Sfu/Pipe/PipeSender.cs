using System.Buffers.Binary;
using System.Net;
using Live.Media.Rtcp;

namespace Live.Media.Sfu;

/// <summary>
/// The origin side of a pipe (a consumer of one producer for a whole edge silo): every RTP packet the producer
/// forwards goes once to the edge's SFU, SRTP-protected with the pipe's media key; the publisher's sender-report
/// clock goes along so edge subscribers can sync audio and video. Keyframe requests (PLI, FIR) the edge sends back,
/// protected with the feedback key, reach the publisher through the producer; NACKs for packets lost on the pipe are
/// answered from the producer's history.
/// </summary>
internal sealed class PipeSender : PipeEnd
{
    private const int SenderReportLength = 28;

    // RFC 4585 §6.2.1: NACK FCI items (PID, BLP) start at 12 and are 4 bytes each.
    private const int NackFciOffset = 12;
    private const int NackItemSize = 4;

    private readonly Live.Media.Srtp.SrtpContext _feedback;
    private long _packetsSent;
    private long _octetsSent;
    private uint _lastTimestamp;

    public PipeSender(Producer producer, PipeTicket ticket, IPEndPoint edge)
        : base(producer.Server, edge, ticket.Ssrc, ticket.CreateMediaContext())
    {
        Producer = producer;
        _feedback = ticket.CreateFeedbackContext();
    }

    public Producer Producer { get; }

    /// <summary>Sends one plain packet of the producer; runs in the router's packet lane.</summary>
    public void Forward(ReadOnlySpan<byte> packet, uint timestamp, int payloadLength)
    {
        if (Producer.Kind == MediaKind.Video && Server.ShouldDropForTest())
        {
            Server.Drop(SfuDropReason.TestHook);
            return;
        }

        if (SendRtp(packet))
        {
            _lastTimestamp = timestamp;
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, payloadLength);
        }
    }

    public override void OnRtp(Span<byte> buffer, int length) => Server.Drop(SfuDropReason.PipeRejected); // media flows origin → edge only

    public override void OnRtcp(Span<byte> buffer, int length)
    {
        if (!_feedback.TryUnprotectRtcp(buffer, length, out int plainLength, out Live.Media.Srtp.SrtpError error))
        {
            Server.Drop(ToDropReason(error));
            return;
        }

        var reader = new RtcpCompoundReader(buffer[..plainLength]);
        while (reader.MoveNext())
        {
            RtcpHeader header = reader.Current.Header;
            if (header.PacketType == RtcpPacketType.PayloadSpecificFeedback
                && header.Count is RtcpPacketType.PictureLossFormat or RtcpPacketType.FullIntraRequestFormat)
            {
                Server.CountPipeKeyFrameRequest();
                Producer.RequestKeyFrame(hidden: true); // edges serve observers (see Router.Pipes)
            }
            else if (header.PacketType == RtcpPacketType.TransportFeedback && header.Count == RtcpPacketType.GenericNackFormat)
            {
                OnNack(reader.Current.Packet);
            }
        }

        if (reader.IsMalformed)
        {
            Server.Drop(SfuDropReason.PipeRejected);
        }
    }

    /// <summary>Resends the NACKed packets that the producer's history still holds (they cross the pipe again).</summary>
    private void OnNack(ReadOnlySpan<byte> packet)
    {
        if (Producer.History is not { } history)
        {
            return;
        }

        for (int offset = NackFciOffset; offset + NackItemSize <= packet.Length; offset += NackItemSize)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            ushort mask = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            for (int bit = -1; bit < 16; bit++)
            {
                if ((bit < 0 || (mask & (1 << bit)) != 0) && history.TryGet((ushort)(pid + bit + 1), out ReadOnlySpan<byte> lost)
                    && SendRtp(lost))
                {
                    Server.CountPipeRetransmission();
                }
            }
        }
    }

    /// <summary>
    /// RFC 3550 §6.4.1: a sender report for the pipe's SSRC whose NTP/RTP pair follows the publisher's own last SR, so
    /// the edge's consumers can report the same mapping. Nothing is sent before the publisher sent an SR.
    /// </summary>
    public void SendReport()
    {
        ReceiveStatistics source = Producer.Statistics;
        if (!source.HasSenderReport || IsClosed)
        {
            return;
        }

        TimeSpan since = Server.Time.GetElapsedTime(source.LastSrArrival);
        int clockRate = Math.Max(1, Producer.Codecs.ClockRate);
        var report = new SenderReport
        {
            Ssrc = Ssrc,
            NtpTimestamp = source.LastSrNtp + (ulong)(since.TotalSeconds * (1UL << 32)),
            RtpTimestamp = source.LastSrRtp + (uint)(since.TotalSeconds * clockRate),
            PacketCount = (uint)Interlocked.Read(ref _packetsSent),
            OctetCount = (uint)Interlocked.Read(ref _octetsSent),
        };
        Span<byte> buffer = stackalloc byte[SenderReportLength];
        SendRtcp(buffer[..report.WriteTo(buffer)]);
    }

    /// <summary>The RTP timestamp of the last packet sent (for tests and diagnostics).</summary>
    public uint LastTimestamp => _lastTimestamp;
}
