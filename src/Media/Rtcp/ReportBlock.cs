using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1): loss, jitter and round-trip timing for one source.</summary>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>RFC 3550 §6.4.1: six 32-bit words.</summary>
    public const int Size = 24;

    // RFC 3550 §6.4.1: cumulative number of packets lost is a signed 24-bit integer.
    private const int CumulativeLostMin = -(1 << 23);
    private const int CumulativeLostMax = (1 << 23) - 1;
    private const uint Mask24 = 0xFFFFFF;

    /// <summary>Reads a block from the first 24 bytes of <paramref name="data"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out ReportBlock block)
    {
        if (data.Length < Size)
        {
            block = default;
            return false;
        }

        uint lossWord = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int cumulative = (int)(lossWord << 8) >> 8;
        block = new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            (byte)(lossWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        return true;
    }

    /// <summary>Writes the 24-byte block; the cumulative loss is clamped to 24 bits as RFC 3550 §6.4.1 requires.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int cumulative = Math.Clamp(CumulativeLost, CumulativeLostMin, CumulativeLostMax);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)FractionLost << 24 | ((uint)cumulative & Mask24));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return Size;
    }

    internal static bool TryParseList(ReadOnlySpan<byte> data, int count, out ReportBlock[] blocks)
    {
        blocks = [];
        if (data.Length < count * Size)
        {
            return false;
        }

        blocks = new ReportBlock[count];
        for (int i = 0; i < count; i++)
        {
            TryParse(data[(i * Size)..], out blocks[i]);
        }

        return true;
    }

    internal static int WriteList(Span<byte> destination, IReadOnlyList<ReportBlock> blocks)
    {
        int offset = 0;
        foreach (ReportBlock block in blocks)
        {
            offset += block.WriteTo(destination[offset..]);
        }

        return offset;
    }
}
