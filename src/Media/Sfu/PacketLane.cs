using System.Buffers;
using System.Collections.Concurrent;
using Live.Media.Net;

namespace Live.Media.Sfu;

/// <summary>
/// Runs one router's packet work one packet at a time, whichever receive loop or TCP reader the packet arrived on,
/// without ever making a thread wait. A thread that finds the lane free runs the packet itself, first running whatever
/// others queued; a thread that finds it busy queues a copy (a pooled buffer) for the running thread to take before it
/// lets go. So a router's transports, producers, consumers, histories and SRTP inbound contexts are only ever touched
/// by the lane's current holder, in the order their packets entered the lane (docs/design.md "Receive loops").
/// </summary>
internal sealed class PacketLane
{
    /// <summary>
    /// Packets queued behind a busy lane before more are dropped: 1024 is a few hundred milliseconds of a busy room's
    /// media, far more than one packet's processing time (microseconds) can pile up while a holder is working.
    /// </summary>
    public const int MaxQueued = 1024;

    private readonly ConcurrentQueue<QueuedPacket> _queue = new();
    private readonly Action<SfuDropReason> _drop;
    private readonly Action<Exception> _fault;
    private int _held;
    private int _queued;
    private long _handedOff;

    public PacketLane(Action<SfuDropReason> drop, Action<Exception> fault)
    {
        _drop = drop;
        _fault = fault;
    }

    /// <summary>Packets a thread queued because another thread held the lane (each ran on that thread).</summary>
    public long HandedOff => Interlocked.Read(ref _handedOff);

    /// <summary>
    /// Delivers <paramref name="packet"/> to <paramref name="sink"/>: now on this thread when the lane is free (an
    /// exception the sink throws then reaches the caller, as without a lane), else later on the lane's holder. Never
    /// waits; the packet buffer is only used during the call.
    /// </summary>
    public void Run(IPacketSink sink, PacketKind kind, Span<byte> packet)
    {
        if (TryHold())
        {
            try
            {
                RunQueued();
                sink.OnPacket(kind, packet, packet.Length);
            }
            finally
            {
                Release();
            }

            return;
        }

        if (!Enqueue(sink, kind, packet))
        {
            return;
        }

        // The holder may have let go between the failed hold and the enqueue: then nobody would run the copy.
        if (TryHold())
        {
            RunQueued();
            Release();
        }
    }

    private bool TryHold() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    /// <summary>Lets go of the lane; takes it back to run what was queued meanwhile by threads that found it held.</summary>
    private void Release()
    {
        while (true)
        {
            // A full fence: the emptiness check cannot be read before the lane is seen free. An enqueuer either sees the
            // lane free (and runs its packet) or enqueued before this check (and it is run here).
            Interlocked.Exchange(ref _held, 0);
            if (_queue.IsEmpty || !TryHold())
            {
                return;
            }

            RunQueued();
        }
    }

    private bool Enqueue(IPacketSink sink, PacketKind kind, ReadOnlySpan<byte> packet)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            _drop(SfuDropReason.LaneQueueFull);
            return false;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(copy);
        _queue.Enqueue(new QueuedPacket(sink, kind, copy, packet.Length));
        Interlocked.Increment(ref _handedOff);
        return true;
    }

    /// <summary>Lane held: runs every queued packet in order. A sink's exception is reported, not thrown at an unrelated caller.</summary>
    private void RunQueued()
    {
        while (_queue.TryDequeue(out QueuedPacket queued))
        {
            Interlocked.Decrement(ref _queued);
            try
            {
                queued.Sink.OnPacket(queued.Kind, queued.Buffer, queued.Length);
            }
            catch (Exception e)
            {
                ReportFault(e);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(queued.Buffer);
            }
        }
    }

    private void ReportFault(Exception fault)
    {
        try
        {
            _fault(fault);
        }
        catch (Exception)
        {
            // The report (a log sink) failing must not leave the lane held: the router's packets would stop for good.
        }
    }

    private readonly record struct QueuedPacket(IPacketSink Sink, PacketKind Kind, byte[] Buffer, int Length);
}
