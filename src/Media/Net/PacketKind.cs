namespace Live.Media.Net;

/// <summary>What a datagram arriving on the shared media port is, judged by its first bytes (RFC 7983 §7).</summary>
public enum PacketKind : byte
{
    /// <summary>Not a protocol this SFU speaks, or too short to be one: dropped and counted.</summary>
    Drop,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}
