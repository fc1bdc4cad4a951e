using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>RTCP receiver report (RFC 3550 §6.4.2): the reporter's SSRC and its reception report blocks.</summary>
public sealed class ReceiverReport : IRtcpPacket
{
    private const int SsrcSize = 4;

    /// <summary>SSRC of the reporter.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Reception report blocks (at most 31).</summary>
    public IReadOnlyList<ReportBlock> ReportBlocks { get; init; } = [];

    /// <summary>Parses one RR packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = null!;
        if (!RtcpFraming.TryGetBody(packet, RtcpPacketType.ReceiverReport, out RtcpHeader header, out ReadOnlySpan<byte> body)
            || body.Length < SsrcSize
            || !ReportBlock.TryParseList(body[SsrcSize..], header.Count, out ReportBlock[] blocks))
        {
            return false;
        }

        report = new ReceiverReport { Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body), ReportBlocks = blocks };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpHeader.Size + SsrcSize + ReportBlocks.Count * ReportBlock.Size;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int offset = RtcpFraming.WriteHeader(destination, RtcpPacketType.ReceiverReport, (byte)ReportBlocks.Count, GetSerializedSize());
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], Ssrc);
        offset += SsrcSize;
        offset += ReportBlock.WriteList(destination[offset..], ReportBlocks);
        return offset;
    }
}
