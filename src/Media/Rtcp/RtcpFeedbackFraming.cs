using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>The common feedback message layout of RFC 4585 §6.1: header, packet sender SSRC, media source SSRC, then the FCI.</summary>
internal static class RtcpFeedbackFraming
{
    /// <summary>RFC 4585 §6.1: SSRC of packet sender + SSRC of media source.</summary>
    public const int SsrcPairSize = 8;

    /// <summary>Size of header plus SSRC pair, where the FCI starts.</summary>
    public const int FciOffset = RtcpHeader.Size + SsrcPairSize;

    public static bool TryParse(
        ReadOnlySpan<byte> packet, byte packetType, byte format, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!RtcpFraming.TryGetBody(packet, packetType, out RtcpHeader header, out ReadOnlySpan<byte> body)
            || header.Count != format
            || body.Length < SsrcPairSize)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[SsrcPairSize..];
        return true;
    }

    public static int Write(
        Span<byte> destination, byte packetType, byte format, int size, uint senderSsrc, uint mediaSsrc, bool hasPadding = false)
    {
        int offset = RtcpFraming.WriteHeader(destination, packetType, format, size, hasPadding);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], mediaSsrc);
        return offset + SsrcPairSize;
    }
}
