namespace Live.Media.Sfu;

/// <summary>Why the SFU discarded a datagram or a packet; each value is one label of the drop counter.</summary>
public enum SfuDropReason
{
    /// <summary>Not STUN, DTLS, RTP or RTCP by RFC 7983 §7 (first byte), or too short to be one.</summary>
    Junk,

    /// <summary>STUN whose USERNAME names no transport of this server, or no USERNAME at all.</summary>
    StunUnknownUser,

    /// <summary>STUN the ICE agent refused (bad integrity, bad request, role conflict).</summary>
    StunRejected,

    /// <summary>DTLS/RTP/RTCP from an address no transport has selected through ICE.</summary>
    UnknownAddress,

    /// <summary>SRTP/SRTCP before the DTLS handshake gave keys.</summary>
    NotConnected,

    /// <summary>SRTP/SRTCP authentication tag did not verify.</summary>
    SrtpAuth,

    /// <summary>SRTP/SRTCP replayed or too old for the replay window.</summary>
    SrtpReplay,

    /// <summary>SRTP/SRTCP that could not be processed for another reason (the SSRC limit, an exhausted SRTCP index).</summary>
    SrtpOther,

    /// <summary>RTP that does not parse: too short for its header or SRTP tag before decryption, or malformed after it.</summary>
    RtpMalformed,

    /// <summary>RTCP that does not parse: too short for its header or SRTCP trailer before decryption, or malformed after it.</summary>
    RtcpMalformed,

    /// <summary>RTP whose SSRC belongs to no producer of its transport.</summary>
    NoProducer,

    /// <summary>The DTLS queue refused the datagram (full or closed).</summary>
    DtlsQueue,

    /// <summary>A forwarded video packet dropped on purpose by <see cref="SfuOptions.DropForwardedVideoPercent"/>.</summary>
    TestHook,

    /// <summary>A datagram from a pipe peer (another silo's SFU) that names no open pipe of this server.</summary>
    PipeUnknownStream,

    /// <summary>A pipe datagram whose SRTP/SRTCP tag did not verify: forged or corrupted.</summary>
    PipeForged,

    /// <summary>A pipe datagram refused for another reason: not RTP/RTCP, replayed, malformed, or the wrong direction.</summary>
    PipeRejected,

    /// <summary>A TCP connection arrived while the connection cap was reached: closed at once.</summary>
    TcpConnectionLimit,

    /// <summary>An RFC 4571 length prefix over the frame limit: the TCP connection is closed.</summary>
    TcpFrameTooLong,

    /// <summary>A TCP connection that passed no authenticated ICE check in time, or sent something other than STUN first: closed.</summary>
    TcpUnauthenticated,

    /// <summary>A packet for a TCP subscriber that did not fit its bounded send queue (the peer stopped reading or is too slow).</summary>
    TcpSendQueueFull,

    /// <summary>
    /// A datagram in or out on the UDP port while <see cref="SfuServer.UdpBlocked"/> is set: the test hook that cuts the
    /// UDP path mid-session, as a network that starts blocking UDP would.
    /// </summary>
    UdpBlocked,

    /// <summary>
    /// RTP of a simulcast layer that no consumer forwards at the moment (each forwards the one layer it chose; the packet
    /// is still kept for NACKs), or an RTX packet of a layer whose media SSRC is not bound yet.
    /// </summary>
    SimulcastLayerNotForwarded,

    /// <summary>RTP carrying a rid (RFC 8852) that names no layer of its section, or names one already bound to another SSRC.</summary>
    SimulcastUnknownRid,

    /// <summary>
    /// An unauthenticated check (wrong or missing password) for a real transport beyond the errors that transport may
    /// send (<see cref="Ice.IceLiteAgent.UnauthenticatedErrorBurst"/>): no 400/401 was built, so the port reflects no flood.
    /// </summary>
    StunErrorRateLimited,

    /// <summary>
    /// STUN naming a real transport that needs no answer and is no keepalive: a response (the SFU's ICE-lite agent sends
    /// no checks) or an indication of another method. Binding indications are keepalives, counted apart, not dropped.
    /// </summary>
    StunIgnored,

    /// <summary>
    /// An SRTP or SRTCP packet for a router whose packet lane already had <see cref="PacketLane.MaxQueued"/> packets
    /// waiting from other receive loops (docs/design.md "Receive loops"): that router's work is behind by far more
    /// than a burst.
    /// </summary>
    LaneQueueFull,
}
