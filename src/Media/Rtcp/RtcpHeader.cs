using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// The 4-byte common RTCP header (RFC 3550 §6.4.1): version, padding bit, the 5-bit count or feedback format,
/// the packet type, and the length in 32-bit words minus one.
/// </summary>
public readonly record struct RtcpHeader
{
    /// <summary>RFC 3550 §6.4.1: V(2) P(1) RC(5), PT(8), length(16).</summary>
    public const int Size = 4;

    /// <summary>RFC 3550 §6.4.1: the RTP version carried in RTCP.</summary>
    public const byte RtcpVersion = 2;

    /// <summary>Largest value of the 5-bit count / FMT field.</summary>
    public const byte MaxCount = 31;

    private const int VersionShift = 6;
    private const byte PaddingBit = 0x20;
    private const byte CountMask = 0x1F;

    /// <summary>Creates a header.</summary>
    public RtcpHeader(byte packetType, byte count, int packetLength, bool hasPadding = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        if (packetLength < Size || packetLength % 4 != 0 || packetLength / 4 - 1 > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "RTCP packets are whole 32-bit words.");
        }

        PacketType = packetType;
        Count = count;
        PacketLength = packetLength;
        HasPadding = hasPadding;
    }

    /// <summary>The P bit: the packet ends with padding whose length is its last octet.</summary>
    public bool HasPadding { get; init; }

    /// <summary>Reception report count, source count, or feedback message type (FMT), depending on the packet type.</summary>
    public byte Count { get; init; }

    /// <summary>The packet type (200–206 for the types in <see cref="RtcpPacketType"/>).</summary>
    public byte PacketType { get; init; }

    /// <summary>The whole packet length in bytes, header and padding included.</summary>
    public int PacketLength { get; init; }

    /// <summary>Parses the header at the start of <paramref name="data"/>; false on a wrong version or a length past the data.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Size || data[0] >> VersionShift != RtcpVersion)
        {
            return false;
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (length > data.Length)
        {
            return false;
        }

        header = new RtcpHeader
        {
            HasPadding = (data[0] & PaddingBit) != 0,
            Count = (byte)(data[0] & CountMask),
            PacketType = data[1],
            PacketLength = length,
        };
        return true;
    }

    /// <summary>Writes the 4 header bytes.</summary>
    public int WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)(RtcpVersion << VersionShift | (HasPadding ? PaddingBit : 0) | Count);
        destination[1] = PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(PacketLength / 4 - 1));
        return Size;
    }
}
