namespace Live.Media.Net.Tcp;

/// <summary>Why the TCP media port refused a connection, closed one, or dropped a packet of one.</summary>
public enum TcpDropReason
{
    /// <summary>A connection arrived while <see cref="TcpMediaListenerOptions.MaxConnections"/> were open: closed at once.</summary>
    ConnectionLimit,

    /// <summary>A length prefix above the frame limit: the stream cannot be resynchronised, the connection is closed.</summary>
    FrameTooLong,

    /// <summary>No authenticated ICE check within <see cref="TcpMediaListenerOptions.AuthenticationTimeout"/>: closed.</summary>
    AuthenticationTimeout,

    /// <summary>A packet to send did not fit the connection's bounded send queue (the peer is not reading fast enough).</summary>
    SendQueueFull,
}
