using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// RTCP sender report (RFC 3550 §6.4.1): the sender's NTP/RTP timestamp pair and counters, plus reception reports.
/// Profile-specific extensions after the report blocks are ignored.
/// </summary>
public sealed class SenderReport : IRtcpPacket
{
    // RFC 3550 §6.4.1: SSRC, NTP timestamp (64), RTP timestamp, packet count, octet count.
    private const int SenderInfoSize = 24;

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; init; }

    /// <summary>64-bit NTP timestamp of the report.</summary>
    public ulong NtpTimestamp { get; init; }

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; init; }

    /// <summary>Packets sent since the start.</summary>
    public uint PacketCount { get; init; }

    /// <summary>Payload octets sent since the start.</summary>
    public uint OctetCount { get; init; }

    /// <summary>Reception report blocks (at most 31).</summary>
    public IReadOnlyList<ReportBlock> ReportBlocks { get; init; } = [];

    /// <summary>Parses one SR packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = null!;
        if (!RtcpFraming.TryGetBody(packet, RtcpPacketType.SenderReport, out RtcpHeader header, out ReadOnlySpan<byte> body)
            || body.Length < SenderInfoSize
            || !ReportBlock.TryParseList(body[SenderInfoSize..], header.Count, out ReportBlock[] blocks))
        {
            return false;
        }

        report = new SenderReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ReportBlocks = blocks,
        };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpHeader.Size + SenderInfoSize + ReportBlocks.Count * ReportBlock.Size;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int size = GetSerializedSize();
        int offset = RtcpFraming.WriteHeader(destination, RtcpPacketType.SenderReport, (byte)ReportBlocks.Count, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 4)..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 12)..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 16)..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 20)..], OctetCount);
        offset += SenderInfoSize;
        offset += ReportBlock.WriteList(destination[offset..], ReportBlocks);
        return offset;
    }
}
