using Live.Media.Net;

namespace Live.Media.Sfu;

/// <summary>Where a router's packet lane delivers an SRTP or SRTCP packet: a WebRTC transport or a pipe end.</summary>
internal interface IPacketSink
{
    /// <summary>Handles one protected packet (<paramref name="kind"/> is RTP or RTCP) in a buffer the call may rewrite.</summary>
    void OnPacket(PacketKind kind, Span<byte> buffer, int length);
}
