namespace Live.Media.Net.Tcp;

/// <summary>
/// A bounded, double-buffered RFC 4571 send queue for one TCP connection. Senders (the forwarding thread, the report
/// timer) copy framed packets into the filling buffer under a short lock and never wait on the socket; the
/// connection's writer swaps buffers and writes the full one. Past <see cref="Capacity"/> bytes a packet is dropped
/// and counted, so a peer that stops reading costs at most two buffers and slows nobody else.
/// </summary>
public sealed class TcpSendQueue
{
    private readonly object _lock = new();
    private byte[]? _filling;
    private byte[]? _draining;
    private int _filled;
    private bool _closed;
    private long _enqueued;
    private long _dropped;
    private int _signaled;

    public TcpSendQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, Rfc4571Framing.HeaderLength + Rfc4571Framing.MaxFrameLength);
        Capacity = capacity;
    }

    /// <summary>Bytes (frames with their prefixes) the filling buffer holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Released when the queue goes from empty to not empty, or is closed.</summary>
    public SemaphoreSlim Signal { get; } = new(0);

    /// <summary>Framed bytes waiting for the writer (the buffer being written is not counted).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _filled;
            }
        }
    }

    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Packets refused because the queue was full (or closed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>Frames and queues one packet; false (and counted) when full, closed, or longer than a frame can be.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> packet)
    {
        bool wake;
        lock (_lock)
        {
            if (_closed || _filled + Rfc4571Framing.HeaderLength + packet.Length > Capacity)
            {
                _dropped++;
                return false;
            }

            // Buffers are taken on first use: a connection that never authenticates never sends.
            _filling ??= GC.AllocateUninitializedArray<byte>(Capacity);
            if (!Rfc4571Framing.TryWrite(packet, _filling.AsSpan(_filled), out int written))
            {
                _dropped++;
                return false;
            }

            wake = _filled == 0;
            _filled += written;
            _enqueued++;
        }

        if (wake && Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            Signal.Release();
        }

        return true;
    }

    /// <summary>
    /// For the writer: takes everything queued (the buffer stays the writer's until its next call), or an empty
    /// memory when nothing is queued.
    /// </summary>
    public ReadOnlyMemory<byte> TakeBatch()
    {
        Interlocked.Exchange(ref _signaled, 0);
        lock (_lock)
        {
            if (_filled == 0)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            _draining ??= GC.AllocateUninitializedArray<byte>(Capacity);
            (_filling, _draining) = (_draining, _filling);
            int length = _filled;
            _filled = 0;
            return _draining.AsMemory(0, length);
        }
    }

    /// <summary>Refuses everything from now on and wakes the writer so it can stop.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _filled = 0;
        }

        Signal.Release();
    }
}
