using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net.Tcp;

/// <summary>
/// One accepted TCP connection on the media port (an RFC 6544 passive candidate's end of a TCP candidate pair). Its
/// reader cuts the stream into RFC 4571 frames and hands each to the listener's handler; its writer drains the bounded
/// <see cref="TcpSendQueue"/>, so <see cref="TrySend"/> never blocks the caller. Closing is idempotent and never throws.
/// </summary>
public sealed class TcpMediaConnection
{
    private readonly Socket _socket;
    private readonly TcpMediaListener _listener;
    private readonly Rfc4571FrameReader _reader;
    private readonly CancellationTokenSource _closing = new();
    private int _closed;
    private volatile bool _authenticated;
    private long _framesReceived;

    internal TcpMediaConnection(Socket socket, TcpMediaListener listener, long acceptedAt)
    {
        _socket = socket;
        _listener = listener;
        AcceptedAt = acceptedAt;
        TcpMediaListenerOptions options = listener.Options;
        _reader = new Rfc4571FrameReader(options.MaxFrameLength);
        SendQueue = new TcpSendQueue(options.SendQueueBytes);
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        RemoteAddress = RemoteEndPoint.Serialize();
    }

    /// <summary>The peer's address and port; STUN answers report it as XOR-MAPPED-ADDRESS.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The same as a <see cref="SocketAddress"/>, created once (the ICE agent's view of this pair).</summary>
    public SocketAddress RemoteAddress { get; }

    public TcpSendQueue SendQueue { get; }

    /// <summary>The listener's timestamp (its <see cref="TimeProvider"/>) when the connection was accepted.</summary>
    public long AcceptedAt { get; }

    /// <summary>True once a STUN check on this connection authenticated against an ICE agent.</summary>
    public bool IsAuthenticated => _authenticated;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Whatever the upper layer attaches (the SFU: the transport this connection's checks authenticated for).</summary>
    public object? Owner { get; set; }

    /// <summary>Lifts the unauthenticated-lifetime limit: an ICE agent accepted a check from this connection.</summary>
    public void MarkAuthenticated() => _authenticated = true;

    /// <summary>Queues one packet for sending; false (and counted) when the queue is full or the connection closed.</summary>
    public bool TrySend(ReadOnlySpan<byte> packet)
    {
        if (SendQueue.TryEnqueue(packet))
        {
            return true;
        }

        if (!IsClosed)
        {
            _listener.OnDrop(TcpDropReason.SendQueueFull);
        }

        return false;
    }

    /// <summary>Closes the socket and stops reader and writer; the listener forgets the connection.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        SendQueue.Close();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer.
        }

        _socket.Dispose();
        _listener.OnClosed(this);
    }

    internal void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!IsClosed)
            {
                int read = await _socket.ReceiveAsync(_reader.GetWritableMemory(), SocketFlags.None, _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break; // the peer closed its side
                }

                _reader.Advance(read);
                if (!DispatchFrames())
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset, or closed by us: either way the connection is over.
        }

        Close();
    }

    /// <summary>Hands every whole frame to the handler; false when the stream must be abandoned.</summary>
    private bool DispatchFrames()
    {
        while (!IsClosed && _reader.TryRead(out Span<byte> frame))
        {
            Interlocked.Increment(ref _framesReceived);
            try
            {
                _listener.Handler(this, frame);
            }
            catch (Exception e)
            {
                // One faulty frame handler must not take the listener down; the connection goes, as on bad framing.
                _listener.OnHandlerFault(e);
                return false;
            }
        }

        if (_reader.IsPoisoned)
        {
            _listener.OnDrop(TcpDropReason.FrameTooLong);
            return false;
        }

        return !IsClosed;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await SendQueue.Signal.WaitAsync(_closing.Token).ConfigureAwait(false);
                ReadOnlyMemory<byte> batch = SendQueue.TakeBatch();
                while (!batch.IsEmpty)
                {
                    int sent = await _socket.SendAsync(batch, SocketFlags.None, _closing.Token).ConfigureAwait(false);
                    batch = batch[sent..];
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed, or the peer went away.
        }

        Close();
    }
}
