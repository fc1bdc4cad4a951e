using System.Buffers;
using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Live.Media.Dtls;

/// <summary>
/// One peer's DTLS-SRTP association with the SFU in the server role (a=setup:passive). The UDP layer feeds it
/// datagrams with <see cref="Enqueue"/>; <see cref="HandshakeAsync"/> runs BouncyCastle's blocking handshake on a
/// worker of a <see cref="DtlsHandshakePool"/> (bounded threads; the wait for a worker counts against the timeout)
/// and yields the SRTP keys or a failure reason. After success, records that still arrive during
/// <see cref="DtlsSessionOptions.LingerAfterHandshake"/> are read on the thread pool as they come, so retransmitted
/// client Finished messages are answered and close_notify is noticed without holding a thread; application data
/// (SCTP) is not supported and is discarded.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    // Phases of the handshake: queued for a worker, running on one, finished (result set).
    private const int Queued = 0, Running = 1, Finished = 2;

    // How long one read of lingering records waits for more; BouncyCastle treats 0 as "forever".
    private const int LingerReadMillis = 1;

    private readonly DtlsSrtpServer _server;
    private readonly DtlsSessionOptions _options;
    private readonly DtlsHandshakePool _pool;
    private readonly TaskCompletionSource<DtlsHandshakeResult> _result =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private int _started;
    private int _phase;
    private CancellationTokenSource? _timeout;
    private CancellationTokenSource? _abort;
    private volatile BcDtlsTransport? _dtls;
    private long _lingerUntil;
    private int _draining;

    /// <param name="certificate">Our certificate, the one whose fingerprint went into our SDP.</param>
    /// <param name="remoteFingerprint">The fingerprint from the peer's SDP.</param>
    /// <param name="send">Sends one datagram to the peer's ICE-selected address.</param>
    /// <param name="options">Timeouts and queue size; defaults when null.</param>
    /// <param name="pool">Where the handshake runs; <see cref="DtlsHandshakePool.Shared"/> when null.</param>
    public DtlsSession(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, Action<ReadOnlySpan<byte>> send,
        DtlsSessionOptions? options = null, DtlsHandshakePool? pool = null)
    {
        _options = options ?? new DtlsSessionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.HandshakeTimeout, TimeSpan.Zero);
        _pool = pool ?? DtlsHandshakePool.Shared;
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
    /// Queues the handshake (on the first call) and completes with its outcome. Never faults: every failure is a
    /// <see cref="DtlsHandshakeResult"/> with a reason. The timeout counts from this call, so time spent waiting for
    /// a free worker is part of it. Cancelling <paramref name="cancellationToken"/> aborts the handshake itself,
    /// not just the wait.
    /// </summary>
    public Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _timeout = new CancellationTokenSource(_options.HandshakeTimeout);
            _abort = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, cancellationToken, _disposed.Token);
            _abort.Token.Register(static state => ((DtlsSession)state!).Abort(), this);
            try
            {
                _pool.Run(Run);
            }
            catch (ObjectDisposedException)
            {
                // The SFU is shutting down: there is nobody left to run it.
                _disposed.Cancel();
            }
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

    // Timeout, cancellation or disposal: unblocks a running handshake; a queued one finishes here and now.
    private void Abort()
    {
        if (Volatile.Read(ref _phase) == Finished)
        {
            return; // the timer fired as the handshake completed: keep the session
        }

        Transport.Close();
        if (Interlocked.CompareExchange(ref _phase, Finished, Queued) == Queued)
        {
            Finish(Classify(error: null, timedOut: _timeout!.IsCancellationRequested, cancelled: !_timeout.IsCancellationRequested));
        }
    }

    // On a pool worker.
    private void Run()
    {
        if (Interlocked.CompareExchange(ref _phase, Running, Queued) != Queued)
        {
            return; // aborted while it waited for the worker
        }

        DtlsHandshakeResult result;
        try
        {
            result = Handshake();
        }
        catch (Exception e)
        {
            // Nothing may escape a worker thread: it would take the whole process down.
            Transport.Close();
            result = DtlsHandshakeResult.Failed(DtlsHandshakeFailure.ProtocolError, e.Message);
        }

        Volatile.Write(ref _phase, Finished);
        if (result.Succeeded)
        {
            StartLinger();
        }

        Finish(result);
    }

    private void Finish(DtlsHandshakeResult result)
    {
        _abort?.Dispose();
        _timeout?.Dispose();
        DtlsMetrics.HandshakeFinished(result.Failure);
        _result.TrySetResult(result);
    }

    private DtlsHandshakeResult Handshake()
    {
        // BouncyCastle's own handshake timeout only runs once records flow; the abort token (timeout, cancellation,
        // disposal) closes the transport, which unblocks Accept wherever it waits.
        Exception? error = null;
        try
        {
            _dtls = new DtlsServerProtocol().Accept(_server, Transport);
        }
        catch (Exception e)
        {
            // Accept throws TlsFatalAlert/IOException on protocol failures and whatever the send callback threw.
            error = e;
        }

        if (error is null && _server.Keys is { } keys)
            return DtlsHandshakeResult.Success(keys);

        Transport.Close();
        bool timedOut = _timeout!.IsCancellationRequested;
        return Classify(error, timedOut, cancelled: !timedOut && _abort!.IsCancellationRequested);
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

    /// <summary>
    /// After success nobody blocks on the records any more: each datagram that arrives during the linger window
    /// schedules one read on the thread pool (at most one at a time), which answers a retransmitted Finished or
    /// notices close_notify; after the window, incoming datagrams are discarded.
    /// </summary>
    private void StartLinger()
    {
        var linger = _options.LingerAfterHandshake;
        if (linger <= TimeSpan.Zero && linger != Timeout.InfiniteTimeSpan)
        {
            Transport.DiscardIncoming();
            return;
        }

        _lingerUntil = linger == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)linger.TotalMilliseconds;
        Transport.Queued += OnLingeringDatagram;
        if (Transport.QueuedCount > 0)
        {
            OnLingeringDatagram(); // arrived between the handshake's last read and the subscription
        }
    }

    // On the receive thread: never blocks.
    private void OnLingeringDatagram()
    {
        if (Environment.TickCount64 >= _lingerUntil)
        {
            Transport.Queued -= OnLingeringDatagram;
            Transport.DiscardIncoming();
            return;
        }

        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static session => session.DrainLingering(), this, preferLocal: false);
        }
    }

    private void DrainLingering()
    {
        var dtls = _dtls!;
        var buffer = ArrayPool<byte>.Shared.Rent(DtlsDatagramTransport.ReceiveLimit);
        try
        {
            do
            {
                while (Transport.QueuedCount > 0 && !Transport.IsClosed)
                {
                    // Handshake retransmissions and alerts are handled inside Receive; what it returns is SCTP we ignore.
                    dtls.Receive(buffer, 0, buffer.Length, LingerReadMillis);
                }

                Volatile.Write(ref _draining, 0);
            }
            // A datagram queued after the inner loop's last look but before the flag cleared found it still set.
            while (Transport.QueuedCount > 0 && !Transport.IsClosed && Interlocked.Exchange(ref _draining, 1) == 0);
        }
        catch (Exception)
        {
            // The peer sent a fatal alert or close_notify, or we were disposed: nothing is left to read.
            Transport.Queued -= OnLingeringDatagram;
            Transport.DiscardIncoming();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
