namespace Live.Media.Rtp;

/// <summary>
/// A zero-copy view of one RTP packet: the parsed <see cref="RtpHeader"/> over the original bytes, with the CSRCs,
/// header extension elements and payload sliced from them.
/// </summary>
public readonly ref struct RtpPacket
{
    private RtpPacket(ReadOnlySpan<byte> bytes, RtpHeader header)
    {
        Bytes = bytes;
        Header = header;
    }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The parsed header.</summary>
    public RtpHeader Header { get; }

    /// <summary>The payload, padding removed.</summary>
    public ReadOnlySpan<byte> Payload => Header.GetPayload(Bytes);

    /// <summary>The raw extension block data (after its 4-byte header), empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData => Bytes.Slice(Header.ExtensionOffset, Header.ExtensionLength);

    /// <summary>The RFC 8285 extension elements.</summary>
    public RtpExtensionEnumerator Extensions => Header.GetExtensions(Bytes);

    /// <summary>Parses <paramref name="bytes"/>; false when it is not a well-formed RTP packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out RtpPacket packet)
    {
        if (RtpHeader.TryParse(bytes, out RtpHeader header))
        {
            packet = new RtpPacket(bytes, header);
            return true;
        }

        packet = default;
        return false;
    }

    /// <summary>The CSRC at <paramref name="index"/>.</summary>
    public uint GetCsrc(int index) => Header.GetCsrc(Bytes, index);

    /// <summary>Finds the extension element with <paramref name="id"/>.</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> data) => Header.TryGetExtension(Bytes, id, out data);
}
