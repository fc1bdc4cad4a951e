using System.Buffers.Binary;

namespace Live.Media.Rtp;

/// <summary>
/// The parsed RTP header of one packet (RFC 3550 §5.1): fixed fields plus the offsets of the CSRC list, the header
/// extension block and the payload, so callers slice the original buffer instead of copying it.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>RFC 3550 §5.1: V, P, X, CC, M, PT, sequence number, timestamp and SSRC take 12 bytes.</summary>
    public const int FixedHeaderSize = 12;

    /// <summary>RFC 3550 §5.1: the only RTP version in use.</summary>
    public const byte RtpVersion = 2;

    // RFC 3550 §5.1: first octet V(2) P(1) X(1) CC(4), second octet M(1) PT(7).
    internal const byte VersionShift = 6;
    internal const byte PaddingBit = 0x20;
    internal const byte ExtensionBit = 0x10;
    internal const byte CsrcCountMask = 0x0F;
    internal const byte MarkerBit = 0x80;
    internal const byte PayloadTypeMask = 0x7F;
    internal const int SequenceNumberOffset = 2;
    internal const int TimestampOffset = 4;
    internal const int SsrcOffset = 8;
    internal const int CsrcSize = 4;

    // RFC 3550 §5.3.1: 16-bit profile-defined value, then the length in 32-bit words excluding this 4-byte header.
    internal const int ExtensionHeaderSize = 4;

    /// <summary>Protocol version; always <see cref="RtpVersion"/> for a parsed packet.</summary>
    public byte Version { get; init; }

    /// <summary>The P bit: the payload is followed by padding whose length is the last octet.</summary>
    public bool HasPadding { get; init; }

    /// <summary>The X bit: a header extension block follows the CSRC list.</summary>
    public bool HasExtension { get; init; }

    /// <summary>Number of CSRC identifiers (0–15).</summary>
    public int CsrcCount { get; init; }

    /// <summary>The marker bit (end of frame for video, start of talkspurt for audio).</summary>
    public bool Marker { get; init; }

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType { get; init; }

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>The 32-bit media timestamp.</summary>
    public uint Timestamp { get; init; }

    /// <summary>The synchronization source identifier.</summary>
    public uint Ssrc { get; init; }

    /// <summary>The 16-bit "defined by profile" value of the extension block, or 0 without one.</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Offset of the extension data (after its 4-byte header) in the packet.</summary>
    public int ExtensionOffset { get; init; }

    /// <summary>Length of the extension data in bytes (a multiple of 4).</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Offset of the payload in the packet, i.e. the full header length.</summary>
    public int PayloadOffset { get; init; }

    /// <summary>Payload length in bytes, padding excluded.</summary>
    public int PayloadLength { get; init; }

    /// <summary>Number of padding bytes at the end of the packet, the count octet included.</summary>
    public int PaddingLength { get; init; }

    /// <summary>The extension block uses the RFC 8285 one-byte form (profile 0xBEDE).</summary>
    public bool HasOneByteExtensions => HasExtension && ExtensionProfile == RtpExtensionProfile.OneByte;

    /// <summary>The extension block uses the RFC 8285 two-byte form (profile 0x100X).</summary>
    public bool HasTwoByteExtensions =>
        HasExtension && (ExtensionProfile & RtpExtensionProfile.TwoByteMask) == RtpExtensionProfile.TwoByte;

    /// <summary>Parses and validates the header of <paramref name="packet"/>; false when it is not a well-formed RTP packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderSize)
        {
            return false;
        }

        byte first = packet[0];
        if (first >> VersionShift != RtpVersion)
        {
            return false;
        }

        int csrcCount = first & CsrcCountMask;
        int offset = FixedHeaderSize + csrcCount * CsrcSize;
        if (packet.Length < offset)
        {
            return false;
        }

        bool hasExtension = (first & ExtensionBit) != 0;
        ushort profile = 0;
        int extensionOffset = 0;
        int extensionLength = 0;
        if (hasExtension)
        {
            if (packet.Length < offset + ExtensionHeaderSize)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4;
            extensionOffset = offset + ExtensionHeaderSize;
            offset = extensionOffset + extensionLength;
            if (packet.Length < offset)
            {
                return false;
            }
        }

        bool hasPadding = (first & PaddingBit) != 0;
        int paddingLength = 0;
        if (hasPadding)
        {
            // RFC 3550 §5.1: the last octet counts the padding including itself, so 0 is invalid.
            if (packet.Length == offset)
            {
                return false;
            }

            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                return false;
            }
        }

        byte second = packet[1];
        header = new RtpHeader
        {
            Version = RtpVersion,
            HasPadding = hasPadding,
            HasExtension = hasExtension,
            CsrcCount = csrcCount,
            Marker = (second & MarkerBit) != 0,
            PayloadType = (byte)(second & PayloadTypeMask),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[SequenceNumberOffset..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[TimestampOffset..]),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[SsrcOffset..]),
            ExtensionProfile = profile,
            ExtensionOffset = extensionOffset,
            ExtensionLength = extensionLength,
            PayloadOffset = offset,
            PayloadLength = packet.Length - offset - paddingLength,
            PaddingLength = paddingLength,
        };
        return true;
    }

    /// <summary>The CSRC at <paramref name="index"/> (0-based, below <see cref="CsrcCount"/>) read from the parsed packet.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet[(FixedHeaderSize + index * CsrcSize)..]);
    }

    /// <summary>Enumerates the RFC 8285 extension elements of the parsed packet (none for other profiles).</summary>
    public RtpExtensionEnumerator GetExtensions(ReadOnlySpan<byte> packet) => new(packet, this);

    /// <summary>Finds the extension element with <paramref name="id"/>; false when absent.</summary>
    public bool TryGetExtension(ReadOnlySpan<byte> packet, byte id, out ReadOnlySpan<byte> data)
    {
        if (TryFindExtension(packet, id, out int offset, out int length))
        {
            data = packet.Slice(offset, length);
            return true;
        }

        data = default;
        return false;
    }

    /// <summary>Locates the extension element with <paramref name="id"/> as an offset and length in the packet.</summary>
    public bool TryFindExtension(ReadOnlySpan<byte> packet, byte id, out int offset, out int length)
    {
        foreach (RtpHeaderExtension element in GetExtensions(packet))
        {
            if (element.Id == id)
            {
                offset = element.Offset;
                length = element.Data.Length;
                return true;
            }
        }

        offset = 0;
        length = 0;
        return false;
    }

    /// <summary>The payload of the parsed packet, padding removed.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(PayloadOffset, PayloadLength);
}
