using System.Buffers.Binary;
using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// Writes a producer's plain RTP packet as one consumer sends it: the consumer's SSRC, sequence number and payload
/// type, and a header-extension block rebuilt for the subscriber — the consumer's MID (RFC 8843 §15) and the subscriber
/// transport's own transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) — since the
/// publisher's extension ids and values (its MID, its transport-wide sequence) mean nothing on another transport.
/// Optionally in RTX form (RFC 4588 §4), and for a simulcast consumer with its own timestamp and VP8 picture numbering
/// (<see cref="RtpStreamRewrite"/>). Allocation free.
/// </summary>
internal static class RtpForwardWriter
{
    // RFC 3550 §5.1: first octet V=2, P, X, CC.
    private const byte VersionBits = 0x80;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;

    // RFC 8285 §4.2: one-byte elements carry 1–16 bytes; the header is 0xBEDE and a length in 32-bit words.
    private const int ExtensionHeaderSize = 4;
    private const int MaxOneByteValueLength = 16;

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: a one-byte header and a 16-bit sequence number.
    private const int TransportWideElementSize = 1 + 2;

    // RFC 4588 §4: the RTX payload starts with the original sequence number.
    public const int RtxHeaderSize = 2;

    /// <summary>The largest size <see cref="Write"/> can produce for <paramref name="source"/>.</summary>
    public static int MaxSize(int sourceLength, int midLength) =>
        sourceLength + ExtensionHeaderSize + 1 + midLength + TransportWideElementSize + 3 + RtxHeaderSize;

    /// <summary>
    /// Writes the rewritten packet into <paramref name="destination"/> and returns its length, or 0 when it does not fit.
    /// When <paramref name="rtxSequenceNumber"/> is set, writes the RTX form: <paramref name="ssrc"/> and
    /// <paramref name="payloadType"/> are then the RTX ones and <paramref name="sequenceNumber"/> is the OSN.
    /// With <paramref name="transportWideCcExtensionId"/> set, the packet carries <paramref name="transportSequenceNumber"/>
    /// (retransmissions too: each send is a packet on the wire the subscriber's feedback reports).
    /// A set <paramref name="rewrite"/> replaces the timestamp and the VP8 PictureID/TL0PICIDX (in the RTX payload too:
    /// the subscriber restores it as the original).
    /// </summary>
    public static int Write(
        ReadOnlySpan<byte> source,
        in RtpHeader header,
        Span<byte> destination,
        byte payloadType,
        uint ssrc,
        ushort sequenceNumber,
        byte midExtensionId,
        ReadOnlySpan<byte> mid,
        int? rtxSequenceNumber = null,
        byte transportWideCcExtensionId = 0,
        ushort transportSequenceNumber = 0,
        in RtpStreamRewrite rewrite = default)
    {
        bool rtx = rtxSequenceNumber is not null;
        int csrcBytes = header.CsrcCount * 4;
        bool writeMid = midExtensionId is > 0 and <= RtpExtensionProfile.OneByteMaxId
            && mid.Length is > 0 and <= MaxOneByteValueLength;
        bool writeTransportSequence = transportWideCcExtensionId is > 0 and <= RtpExtensionProfile.OneByteMaxId;
        int elementBytes = (writeMid ? 1 + mid.Length : 0) + (writeTransportSequence ? TransportWideElementSize : 0);
        int extensionBytes = elementBytes > 0 ? ExtensionHeaderSize + Align4(elementBytes) : 0;

        // RTX drops the padding (RFC 4588 §4: the payload is the original payload); plain forwarding keeps it.
        ReadOnlySpan<byte> tail = rtx
            ? source.Slice(header.PayloadOffset, header.PayloadLength)
            : source[header.PayloadOffset..];
        int length = RtpHeader.FixedHeaderSize + csrcBytes + extensionBytes + (rtx ? RtxHeaderSize : 0) + tail.Length;
        if (length > destination.Length)
        {
            return 0;
        }

        byte first = (byte)(VersionBits | (source[0] & CsrcCountMask));
        if (!rtx && header.HasPadding)
        {
            first |= PaddingBit;
        }

        if (extensionBytes > 0)
        {
            first |= ExtensionBit;
        }

        destination[0] = first;
        destination[1] = (byte)((source[1] & MarkerBit) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], rtx ? (ushort)rtxSequenceNumber!.Value : sequenceNumber);
        if (rewrite.IsSet)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], rewrite.Timestamp);
        }
        else
        {
            source.Slice(4, 4).CopyTo(destination[4..]); // timestamp unchanged
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        int offset = RtpHeader.FixedHeaderSize;
        source.Slice(offset, csrcBytes).CopyTo(destination[offset..]);
        offset += csrcBytes;
        if (extensionBytes > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], RtpExtensionProfile.OneByte);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)((extensionBytes - ExtensionHeaderSize) / 4));
            offset += ExtensionHeaderSize;
            int end = offset + extensionBytes - ExtensionHeaderSize;
            if (writeMid)
            {
                destination[offset++] = (byte)((midExtensionId << 4) | (mid.Length - 1));
                mid.CopyTo(destination[offset..]);
                offset += mid.Length;
            }

            if (writeTransportSequence)
            {
                // RFC 8285 §4.2: the length field is the data length minus one.
                destination[offset++] = (byte)((transportWideCcExtensionId << 4) | (TransportWideElementSize - 2));
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], transportSequenceNumber);
                offset += TransportWideElementSize - 1;
            }

            destination[offset..end].Clear(); // RFC 8285 §4.2: padding bytes are 0
            offset = end;
        }

        if (rtx)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], sequenceNumber);
            offset += RtxHeaderSize;
        }

        tail.CopyTo(destination[offset..]);
        if (rewrite.RewritesVp8)
        {
            Vp8PictureIdRewriter.TryRewrite(destination.Slice(offset, header.PayloadLength), rewrite.PictureId, rewrite.Tl0PicIdx);
        }

        return offset + tail.Length;
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
