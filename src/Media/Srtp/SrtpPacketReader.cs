using System.Buffers.Binary;

namespace Live.Media.Srtp;

/// <summary>
/// Reads just enough of an RTP or RTCP header to protect it: the header length SRTP leaves in the clear,
/// the sequence number and the SSRC. Never throws on malformed input.
/// </summary>
internal static class SrtpPacketReader
{
    // RFC 3550 §5.1: V=2 in the top two bits, X at 0x10, CC in the low nibble of octet 0.
    private const byte VersionMask = 0xC0;
    private const byte Version2 = 0x80;
    private const byte ExtensionFlag = 0x10;
    private const byte CsrcCountMask = 0x0F;

    // RFC 3550 §5.1: 12-octet fixed header; SEQ at 2, SSRC at 8; each CSRC 4 octets.
    private const int RtpFixedHeaderLength = 12;
    private const int RtpSequenceOffset = 2;
    private const int RtpSsrcOffset = 8;
    private const int CsrcLength = 4;

    // RFC 3550 §5.3.1: the extension header is 4 octets (profile, length in 32-bit words).
    private const int ExtensionHeaderLength = 4;
    private const int ExtensionLengthOffset = 2;

    // RFC 3550 §6.4.1: every RTCP packet starts with 4 header octets and the sender SSRC.
    private const int RtcpHeaderLength = 8;
    private const int RtcpSsrcOffset = 4;

    /// <summary>Reads the RTP header within <paramref name="packet"/>; the header must fit inside it.</summary>
    public static SrtpError TryReadRtp(ReadOnlySpan<byte> packet, out int headerLength, out ushort sequence, out uint ssrc)
    {
        headerLength = 0;
        sequence = 0;
        ssrc = 0;
        if (packet.Length < RtpFixedHeaderLength)
        {
            return SrtpError.Truncated;
        }

        if ((packet[0] & VersionMask) != Version2)
        {
            return SrtpError.InvalidHeader;
        }

        int length = RtpFixedHeaderLength + (packet[0] & CsrcCountMask) * CsrcLength;
        if ((packet[0] & ExtensionFlag) != 0)
        {
            if (packet.Length < length + ExtensionHeaderLength)
            {
                return SrtpError.Truncated;
            }

            int words = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + ExtensionLengthOffset));
            length += ExtensionHeaderLength + words * 4;
        }

        if (packet.Length < length)
        {
            return SrtpError.Truncated;
        }

        headerLength = length;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(RtpSequenceOffset));
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(RtpSsrcOffset));
        return SrtpError.None;
    }

    /// <summary>Reads the sender SSRC of the first RTCP packet in <paramref name="packet"/>.</summary>
    public static SrtpError TryReadRtcp(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Length < RtcpHeaderLength)
        {
            return SrtpError.Truncated;
        }

        if ((packet[0] & VersionMask) != Version2)
        {
            return SrtpError.InvalidHeader;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(RtcpSsrcOffset));
        return SrtpError.None;
    }
}
