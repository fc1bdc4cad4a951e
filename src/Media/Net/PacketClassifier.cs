namespace Live.Media.Net;

/// <summary>
/// Demultiplexes the one UDP port shared by STUN, DTLS, RTP and RTCP. The first byte picks the protocol
/// (RFC 7983 §7); for RTP-range packets the payload type picks RTP or RTCP (RFC 5761 §4). Pure and allocation-free.
/// </summary>
public static class PacketClassifier
{
    // RFC 7983 §7: first byte 0-3 is STUN.
    public const byte StunFirst = 0;
    public const byte StunLast = 3;

    // RFC 7983 §7: first byte 20-63 is DTLS (RFC 9443 widens this for DTLS 1.3; Chromium speaks DTLS 1.2 here).
    public const byte DtlsFirst = 20;
    public const byte DtlsLast = 63;

    // RFC 7983 §7: first byte 128-191 is RTP or RTCP (version 2 in the top two bits).
    public const byte RtpFirst = 128;
    public const byte RtpLast = 191;

    // RFC 5761 §4: with the marker bit masked off, payload types 64-95 are RTCP packet types 192-223.
    public const byte RtcpPayloadTypeFirst = 64;
    public const byte RtcpPayloadTypeLast = 95;
    private const byte PayloadTypeMask = 0x7F;

    // The smallest well-formed packet of each kind; anything shorter is junk.
    public const int MinStunLength = 20; // RFC 8489 §5: the header alone
    public const int MinDtlsLength = 13; // RFC 6347 §4.1: the record header alone
    public const int MinRtpLength = 12;  // RFC 3550 §5.1: fixed header
    public const int MinRtcpLength = 8;  // RFC 3550 §6.4.2: a receiver report with no report blocks

    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Drop;
        }

        byte first = datagram[0];
        if (first <= StunLast)
        {
            return datagram.Length >= MinStunLength ? PacketKind.Stun : PacketKind.Drop;
        }

        if (first is >= DtlsFirst and <= DtlsLast)
        {
            return datagram.Length >= MinDtlsLength ? PacketKind.Dtls : PacketKind.Drop;
        }

        if (first is >= RtpFirst and <= RtpLast && datagram.Length >= 2)
        {
            return (datagram[1] & PayloadTypeMask) is >= RtcpPayloadTypeFirst and <= RtcpPayloadTypeLast
                ? (datagram.Length >= MinRtcpLength ? PacketKind.Rtcp : PacketKind.Drop)
                : (datagram.Length >= MinRtpLength ? PacketKind.Rtp : PacketKind.Drop);
        }

        // ZRTP (16-19), TURN channels (64-79) and the unassigned ranges are not used by this SFU.
        return PacketKind.Drop;
    }
}
