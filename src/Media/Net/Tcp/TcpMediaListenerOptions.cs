namespace Live.Media.Net.Tcp;

/// <summary>The limits of the TCP media port (RFC 6544 passive candidate). Defaults are named constants with their reasons.</summary>
public sealed record TcpMediaListenerOptions
{
    /// <summary>Open connections at most: each costs a 16 KiB reader buffer, and two send buffers once it carries media.</summary>
    public const int DefaultMaxConnections = 1024;

    /// <summary>
    /// 8 KiB per frame: browsers packetize media, DTLS and STUN for a ~1200-byte path MTU over TCP as over UDP, so
    /// anything several times that is not WebRTC; a 64 KiB prefix would otherwise let a stranger pin 64 KiB per connection.
    /// </summary>
    public const int DefaultMaxFrameLength = 8 * 1024;

    /// <summary>
    /// 128 KiB of queued frames per connection: about 0.4 s of a 2.5 Mbit/s camera. Media older than that is useless
    /// to a live viewer, so past it packets are dropped rather than queued (the receiver then NACKs or asks for a keyframe).
    /// </summary>
    public const int DefaultSendQueueBytes = 128 * 1024;

    /// <summary>
    /// 5 s to pass an authenticated STUN check: a browser sends its first check on the TCP pair within a round trip of
    /// connecting (RFC 6544 §7.1), so a connection silent or wrong for longer is a stranger or a slowloris.
    /// </summary>
    public static readonly TimeSpan DefaultAuthenticationTimeout = TimeSpan.FromSeconds(5);

    public int MaxConnections { get; init; } = DefaultMaxConnections;

    public int MaxFrameLength { get; init; } = DefaultMaxFrameLength;

    /// <summary>Capacity of each connection's send queue, in framed bytes (at least one largest frame).</summary>
    public int SendQueueBytes { get; init; } = DefaultSendQueueBytes;

    public TimeSpan AuthenticationTimeout { get; init; } = DefaultAuthenticationTimeout;

    /// <summary>SO_SNDBUF and SO_RCVBUF of each accepted socket; 0 keeps the system default (with Linux autotuning).</summary>
    public int SocketBufferBytes { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameLength, Rfc4571Framing.MaxFrameLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueBytes, Rfc4571Framing.HeaderLength + Rfc4571Framing.MaxFrameLength);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AuthenticationTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(SocketBufferBytes);
    }
}
