using System.Buffers;
using System.Threading.Channels;
using Live.Media.Concurrency;
using Live.Media.Recording;

namespace Live.Media.Sfu;

/// <summary>
/// The bounded hand-off between one recorded track's packet path and its file writer. What travels is a copy of each
/// plain RTP packet (in a pooled buffer) with the instant it arrived, not a depacketized frame:
/// <list type="bullet">
/// <item>the packet path does the least it can, one copy into a rented buffer, while reassembly (VP8 descriptor parsing,
/// frame buffers of up to 4 MiB) runs on the writer;</item>
/// <item>a dropped packet then looks to the writer's depacketizer exactly like a packet lost on the network, which it
/// already handles: VP8 skips to the next keyframe (the SFU asks the publisher for one), Opus just misses 20 ms. So a
/// drop can never put a broken frame or an undecodable delta frame into the file;</item>
/// <item>the bound is in packets, so memory stays bounded (capacity × packet size) however large frames get.</item>
/// </list>
/// A full queue refuses at once and counts the drop; nothing on the packet path ever waits for the writer. One writer
/// reads it, in order; any thread may write (a router's packets come from the socket's receive loop).
/// </summary>
internal sealed class RecordingQueue
{
    private readonly Channel<QueuedRtp> _channel;
    private long _dropped;
    private int _count;
    private int _highWater;
    private volatile bool _completed;

    public RecordingQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<QueuedRtp>(new BoundedChannelOptions(capacity)
        {
            // TryWrite answers false when full; Wait is only the mode for WriteAsync, which nobody calls.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            // Waking the writer must never run its loop (and its disk I/O) inline on the receive thread.
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The most packets the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>Packets waiting for the writer now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The most packets that ever waited at once (never above <see cref="Capacity"/>).</summary>
    public int HighWater => Volatile.Read(ref _highWater);

    /// <summary>Packets refused because the writer was <see cref="Capacity"/> packets behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Copies <paramref name="packet"/> into a pooled buffer and queues it; false (and counted) when the queue is full.
    /// After <see cref="Complete"/> packets are refused without counting: the track is over, nothing was lost.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> packet, RecordingInstant arrival)
    {
        if (_completed)
        {
            return false;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        // Counted before the write so the reader's decrement can never run first and underflow the count.
        int count = Interlocked.Increment(ref _count);
        if (!_channel.Writer.TryWrite(new QueuedRtp(buffer, packet.Length, arrival)))
        {
            Interlocked.Decrement(ref _count);
            ArrayPool<byte>.Shared.Return(buffer);
            if (!_completed)
            {
                Interlocked.Increment(ref _dropped); // lost a race for the last free place
            }

            return false;
        }

        InterlockedMax.Raise(ref _highWater, Math.Min(count, Capacity)); // two writers racing for the last place may both count it
        return true;
    }

    /// <summary>No more packets: the writer drains what is queued and then sees the end.</summary>
    public void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
    }

    /// <summary>Waits for a packet; false once completed and drained.</summary>
    public ValueTask<bool> WaitToReadAsync() => _channel.Reader.WaitToReadAsync();

    /// <summary>The oldest packet; give it back with <see cref="Release"/> when done with it.</summary>
    public bool TryDequeue(out QueuedRtp packet)
    {
        if (!_channel.Reader.TryRead(out packet))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Returns a dequeued packet's buffer to the pool.</summary>
    public static void Release(in QueuedRtp packet) => ArrayPool<byte>.Shared.Return(packet.Buffer);
}

/// <summary>One queued RTP packet: its bytes (the first <see cref="Length"/> of a pooled buffer) and when it arrived.</summary>
internal readonly record struct QueuedRtp(byte[] Buffer, int Length, RecordingInstant Arrival)
{
    public ReadOnlySpan<byte> Packet => Buffer.AsSpan(0, Length);
}
