using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Live.Media.Dtls;

/// <summary>
/// One peer's DTLS-SRTP association with the SFU in the server role (a=setup:passive). The UDP layer feeds it
/// datagrams with <see cref="Enqueue"/>; <see cref="HandshakeAsync"/> runs BouncyCastle's blocking handshake on a
/// dedicated thread and yields the SRTP keys or a failure reason. After success the same thread keeps reading
/// records for <see cref="DtlsSessionOptions.LingerAfterHandshake"/> so that retransmitted client Finished
/// messages are answered and close_notify is noticed; application data (SCTP) is not supported and is discarded.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    // How often the linger loop wakes to check its deadline; datagrams themselves wake it immediately.
    private const int LingerPollMillis = 1000;

    private readonly DtlsSrtpServer _server;
    private readonly DtlsSessionOptions _options;
    private readonly TaskCompletionSource<DtlsHandshakeResult> _result =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private int _started;
    private volatile BcDtlsTransport? _dtls;

    /// <param name="certificate">Our certificate, the one whose fingerprint went into our SDP.</param>
    /// <param name="remoteFingerprint">The fingerprint from the peer's SDP.</param>
    /// <param name="send">Sends one datagram to the peer's ICE-selected address.</param>
    /// <param name="options">Timeouts and queue size; defaults when null.</param>
    public DtlsSession(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, Action<ReadOnlySpan<byte>> send,
        DtlsSessionOptions? options = null)
    {
        _options = options ?? new DtlsSessionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.HandshakeTimeout, TimeSpan.Zero);
        Transport = new DtlsDatagramTransport(send, _options.ReceiveQueueCapacity);
        _server = new DtlsSrtpServer(certificate, remoteFingerprint, _options.HandshakeTimeout);
    }

    /// <summary>The datagram adapter BouncyCastle reads from and writes to.</summary>
    public DtlsDatagramTransport Transport { get; }

    /// <summary>True once the association is closed: by us, by a failure, or by the peer's close_notify.</summary>
    public bool IsClosed => Transport.IsClosed;

    /// <summary>True when the peer closed the association with close_notify.</summary>
    public bool PeerClosed => _server.PeerSentCloseNotify;

    /// <summary>Feeds one DTLS datagram (first byte 20–63, RFC 7983 §7). Never blocks or throws; false when dropped.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram) => Transport.Enqueue(datagram);

    /// <summary>
    /// Starts the handshake (on the first call) and completes with its outcome. Never faults: every failure is a
    /// <see cref="DtlsHandshakeResult"/> with a reason. Cancelling <paramref name="cancellationToken"/> aborts the
    /// handshake itself, not just the wait.
    /// </summary>
    public Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            var thread = new Thread(() => Run(cancellationToken)) { IsBackground = true, Name = "dtls-handshake" };
            thread.Start();
        }

        return _result.Task;
    }

    /// <summary>Sends close_notify if the handshake completed, then closes the transport. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
            return;
        _disposed.Cancel();

        try
        {
            _dtls?.Close();
        }
        catch (Exception)
        {
            // Best effort: the close_notify is a courtesy, the transport is closed below regardless.
        }

        Transport.Close();
    }

    private void Run(CancellationToken cancellationToken)
    {
        DtlsHandshakeResult result;
        try
        {
            result = Handshake(cancellationToken);
        }
        catch (Exception e)
        {
            // Nothing may escape a dedicated thread: it would take the whole process down.
            Transport.Close();
            result = DtlsHandshakeResult.Failed(DtlsHandshakeFailure.ProtocolError, e.Message);
        }

        DtlsMetrics.HandshakeFinished(result.Failure);
        _result.TrySetResult(result);
        if (result.Succeeded)
            Linger();
    }

    private DtlsHandshakeResult Handshake(CancellationToken cancellationToken)
    {
        // Our own watchdog backs up BouncyCastle's handshake timeout, which only runs once records flow.
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, _disposed.Token);
        Exception? error = null;
        using (abort.Token.Register(static transport => ((DtlsDatagramTransport)transport!).Close(), Transport))
        {
            try
            {
                _dtls = new DtlsServerProtocol().Accept(_server, Transport);
            }
            catch (Exception e)
            {
                // Accept throws TlsFatalAlert/IOException on protocol failures and whatever the send callback threw.
                error = e;
            }
        }

        if (error is null && _server.Keys is { } keys)
            return DtlsHandshakeResult.Success(keys);

        Transport.Close();
        return Classify(error, timedOut: timeout.IsCancellationRequested,
            cancelled: cancellationToken.IsCancellationRequested || _disposed.IsCancellationRequested);
    }

    private DtlsHandshakeResult Classify(Exception? error, bool timedOut, bool cancelled)
    {
        if (_server.Failure != DtlsHandshakeFailure.None)
            return DtlsHandshakeResult.Failed(_server.Failure, _server.FailureDetail ?? _server.Failure.ToString(),
                _server.RaisedFatalAlert);
        if (cancelled)
            return DtlsHandshakeResult.Failed(DtlsHandshakeFailure.Cancelled, "The session was cancelled during the handshake.");
        if (timedOut || error is TlsTimeoutException)
            return DtlsHandshakeResult.Failed(DtlsHandshakeFailure.Timeout,
                $"No complete handshake within {_options.HandshakeTimeout.TotalSeconds:0.#} s.");
        if (_server.ReceivedFatalAlert is { } received)
            return DtlsHandshakeResult.Failed(DtlsHandshakeFailure.AlertReceived,
                _server.FailureDetail ?? "The peer sent a fatal alert.", received);

        var alert = (error as TlsFatalAlert)?.AlertDescription ?? _server.RaisedFatalAlert;
        var detail = _server.FailureDetail ?? error?.Message ?? "The handshake ended without SRTP keys.";
        return DtlsHandshakeResult.Failed(DtlsHandshakeFailure.ProtocolError, detail, alert);
    }

    private void Linger()
    {
        var dtls = _dtls!;
        var linger = _options.LingerAfterHandshake;
        var deadline = linger == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)linger.TotalMilliseconds;
        var buffer = new byte[DtlsDatagramTransport.ReceiveLimit];
        try
        {
            while (!Transport.IsClosed && Environment.TickCount64 < deadline)
            {
                var wait = (int)Math.Clamp(deadline - Environment.TickCount64, 1, LingerPollMillis);
                // Handshake retransmissions and alerts are handled inside Receive; what it returns is SCTP we ignore.
                dtls.Receive(buffer, 0, buffer.Length, wait);
            }
        }
        catch (Exception)
        {
            // The peer sent a fatal alert or we were disposed: either way nothing is left to read.
        }

        Transport.DiscardIncoming();
    }
}
