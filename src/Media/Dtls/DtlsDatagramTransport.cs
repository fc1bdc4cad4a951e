using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Live.Media.Dtls;

/// <summary>
/// Bridges the SFU's shared UDP socket to BouncyCastle's blocking DTLS engine: the receive thread pushes datagrams
/// the RFC 7983 demultiplexer classified as DTLS with <see cref="Enqueue"/>, the DTLS thread pulls them through
/// <see cref="Receive(byte[], int, int, int)"/>, and records go out through the injected send callback.
/// </summary>
public sealed class DtlsDatagramTransport : DatagramTransport
{
    /// <summary>
    /// Largest datagram we send. RFC 8200 §5 guarantees a 1280-byte IPv6 path MTU; minus 48 bytes of IPv6 and UDP
    /// headers and some headroom for TURN framing gives the 1200 bytes WebRTC stacks commonly assume.
    /// </summary>
    public const int SendLimit = 1200;

    /// <summary>Largest datagram accepted: an Ethernet MTU. Peers keep DTLS flights below their own ~1200-byte MTU.</summary>
    public const int ReceiveLimit = 1500;

    /// <summary>Default bound on queued datagrams; a DTLS flight is a handful of records, so 64 only fills under abuse.</summary>
    public const int DefaultCapacity = 64;

    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly Queue<(byte[] Buffer, int Length)> _queue;
    private readonly int _capacity;
    // A plain object, not System.Threading.Lock: Monitor.Wait/Pulse need a monitor-owned lock.
    private readonly object _gate = new();
    private long _droppedDatagrams;
    private bool _closed;
    private bool _discarding;

    /// <param name="send">Sends one datagram to the peer's ICE-selected address. Called on the DTLS thread.</param>
    /// <param name="capacity">Maximum queued datagrams before new ones are dropped.</param>
    public DtlsDatagramTransport(Action<ReadOnlySpan<byte>> send, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _send = send;
        _capacity = capacity;
        _queue = new Queue<(byte[], int)>(capacity);
    }

    /// <summary>Datagrams discarded because the queue was full, they were empty or oversized, or nobody reads any more.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>True once <see cref="Close"/> ran (locally, or by BouncyCastle after an alert or close_notify).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
                return _closed;
        }
    }

    /// <summary>Raised once, on the closing thread, when the transport closes.</summary>
    public event Action? Closed;

    /// <summary>Raised on the enqueuing (receive) thread after each datagram is queued; handlers must not block.</summary>
    public event Action? Queued;

    /// <summary>Datagrams waiting to be read.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>
    /// Queues one received DTLS datagram (copied; the caller keeps its buffer). Never blocks and never throws:
    /// returns false and counts a drop when the queue is full, the datagram is empty or oversized, or we are closed.
    /// </summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit)
        {
            CountDrop();
            return false;
        }

        lock (_gate)
        {
            if (_closed || _discarding || _queue.Count >= _capacity)
            {
                CountDrop();
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            Monitor.Pulse(_gate);
        }

        Queued?.Invoke();
        return true;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Blocks up to <paramref name="waitMillis"/> (0 means forever, as BouncyCastle defines it) for a datagram.
    /// Returns -1 on timeout, which BouncyCastle treats as "nothing yet" and uses to drive retransmissions;
    /// throws <see cref="IOException"/> once closed so a blocked handshake unwinds.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(waitMillis);
        var deadline = waitMillis == 0 ? long.MaxValue : Environment.TickCount64 + waitMillis;

        (byte[] Buffer, int Length) datagram;
        lock (_gate)
        {
            while (_queue.Count == 0)
            {
                if (_closed)
                    throw new IOException("DTLS transport closed.");

                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                    return -1;

                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }

            datagram = _queue.Dequeue();
        }

        // A datagram larger than the caller's buffer is truncated; BouncyCastle then sees a length mismatch and drops it.
        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(datagram.Buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Hands one record to the UDP layer; silently dropped once closed (late alerts have nowhere to go).</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (IsClosed)
            return;
        _send(buffer);
    }

    /// <summary>Closes the transport: wakes a blocked receiver, frees queued datagrams. Idempotent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
                return;
            _closed = true;
            while (_queue.TryDequeue(out var datagram))
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
            Monitor.PulseAll(_gate);
        }

        Closed?.Invoke();
    }

    /// <summary>
    /// Stops queuing incoming datagrams (they are counted as dropped) while keeping <see cref="Send"/> usable:
    /// used once nobody reads DTLS records any more, so late datagrams do not pin pooled buffers.
    /// </summary>
    internal void DiscardIncoming()
    {
        lock (_gate)
        {
            _discarding = true;
            while (_queue.TryDequeue(out var datagram))
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private void CountDrop()
    {
        Interlocked.Increment(ref _droppedDatagrams);
        DtlsMetrics.DatagramDropped();
    }
}
