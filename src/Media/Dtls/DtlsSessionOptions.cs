namespace Live.Media.Dtls;

/// <summary>Timing and buffering knobs of a <see cref="DtlsSession"/>.</summary>
public sealed record DtlsSessionOptions
{
    /// <summary>
    /// 10 s: BouncyCastle retransmits from 1 s with doubling backoff (RFC 6347 §4.2.4.1), so this allows
    /// three to four retransmissions of a lost flight, while a dead peer is given up on promptly.
    /// </summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// 30 s: if our final flight is lost the client retransmits its Finished (RFC 6347 §4.2.4), which only a
    /// reader of the DTLS records can answer; browsers give up on the handshake well within this window.
    /// </summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for the whole handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = DefaultHandshakeTimeout;

    /// <summary>
    /// How long to keep reading DTLS records after a successful handshake, to answer retransmitted client
    /// Finished messages and notice close_notify. <see cref="Timeout.InfiniteTimeSpan"/> reads until disposed;
    /// zero stops right away.
    /// </summary>
    public TimeSpan LingerAfterHandshake { get; init; } = DefaultLinger;

    /// <summary>Bound on queued incoming datagrams.</summary>
    public int ReceiveQueueCapacity { get; init; } = DtlsDatagramTransport.DefaultCapacity;
}
