using Live.Media.Net;
using Live.Media.Net.Tcp;

namespace Live.Media.Sfu;

/// <summary>
/// The TCP media port's side of the demultiplexer: each RFC 4571 frame takes the same path as a UDP datagram (STUN to
/// the ICE agent named by the ufrag, then DTLS and SRTP to the transport), except that a TCP connection is its own
/// 5-tuple: the transport is found on the connection, not by address. A connection must open with STUN that
/// authenticates; anything else before that closes it.
/// </summary>
public sealed partial class SfuServer
{
    // Twice the largest response the ICE agent writes; on the stack of the connection's reader.
    private const int TcpStunResponseLength = 2 * IceResponseLength;
    private const int IceResponseLength = Ice.IceLiteAgent.MinResponseBufferLength;

    /// <summary>Handles one frame from <paramref name="connection"/> on its reader (one reader per connection).</summary>
    internal void OnTcpFrame(TcpMediaConnection connection, Span<byte> frame)
    {
        PacketKind kind = PacketClassifier.Classify(frame);
        if (kind == PacketKind.Stun)
        {
            Span<byte> response = stackalloc byte[TcpStunResponseLength];
            OnStun(frame, connection.RemoteAddress, response, connection);
            return;
        }

        if (kind == PacketKind.Drop)
        {
            Drop(SfuDropReason.Junk);
        }

        if (!connection.IsAuthenticated || connection.Owner is not WebRtcTransport transport)
        {
            // RFC 6544 §7.1: the peer's first frame on a pair is its connectivity check; a stranger is not kept open.
            Drop(SfuDropReason.TcpUnauthenticated);
            connection.Close();
            return;
        }

        if (transport.TcpPath != connection)
        {
            // An older pair the browser no longer uses for media, or junk: only the selected path feeds the transport.
            if (kind != PacketKind.Drop)
            {
                Drop(SfuDropReason.UnknownAddress);
            }

            return;
        }

        switch (kind)
        {
            case PacketKind.Dtls:
                if (!transport.Dtls.Enqueue(frame))
                {
                    Drop(SfuDropReason.DtlsQueue);
                }

                break;
            case PacketKind.Rtp or PacketKind.Rtcp:
                // The same lane as the router's UDP packets: TCP readers and receive loops never run one router at once.
                transport.Router.Lane.Run(transport, kind, frame);
                break;
        }
    }

    private static SfuDropReason ToDropReason(TcpDropReason reason) => reason switch
    {
        TcpDropReason.ConnectionLimit => SfuDropReason.TcpConnectionLimit,
        TcpDropReason.FrameTooLong => SfuDropReason.TcpFrameTooLong,
        TcpDropReason.AuthenticationTimeout => SfuDropReason.TcpUnauthenticated,
        _ => SfuDropReason.TcpSendQueueFull,
    };

    /// <summary>A connection closed: the transport that used it as its path has none until the browser nominates again.</summary>
    private void OnTcpClosed(TcpMediaConnection connection)
    {
        if (connection.Owner is WebRtcTransport transport)
        {
            transport.OnTcpPathClosed(connection);
        }
    }
}
