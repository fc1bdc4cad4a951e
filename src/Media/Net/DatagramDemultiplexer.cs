using System.Net;

namespace Live.Media.Net;

/// <summary>
/// Sends each datagram from the shared port to the handler for its kind (see <see cref="PacketClassifier"/>) and
/// counts what it sees, junk included. Its <see cref="Dispatch"/> method is a <see cref="DatagramHandler"/>.
/// </summary>
public sealed class DatagramDemultiplexer
{
    private long _stun;
    private long _dtls;
    private long _rtp;
    private long _rtcp;
    private long _dropped;

    public DatagramHandler? Stun { get; init; }

    public DatagramHandler? Dtls { get; init; }

    public DatagramHandler? Rtp { get; init; }

    public DatagramHandler? Rtcp { get; init; }

    public long StunCount => Interlocked.Read(ref _stun);

    public long DtlsCount => Interlocked.Read(ref _dtls);

    public long RtpCount => Interlocked.Read(ref _rtp);

    public long RtcpCount => Interlocked.Read(ref _rtcp);

    /// <summary>Datagrams that matched no protocol (RFC 7983 ranges this SFU does not use, or too short).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public PacketKind Dispatch(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        PacketKind kind = PacketClassifier.Classify(datagram);
        DatagramHandler? handler = kind switch
        {
            PacketKind.Stun => Count(ref _stun, Stun),
            PacketKind.Dtls => Count(ref _dtls, Dtls),
            PacketKind.Rtp => Count(ref _rtp, Rtp),
            PacketKind.Rtcp => Count(ref _rtcp, Rtcp),
            _ => Count(ref _dropped, null),
        };
        handler?.Invoke(datagram, remote);
        return kind;
    }

    /// <summary>A handler for <see cref="UdpEndpoint"/> that dispatches and ignores the kind.</summary>
    public DatagramHandler AsHandler() => (datagram, remote) => Dispatch(datagram, remote);

    private static DatagramHandler? Count(ref long counter, DatagramHandler? handler)
    {
        Interlocked.Increment(ref counter);
        return handler;
    }
}
