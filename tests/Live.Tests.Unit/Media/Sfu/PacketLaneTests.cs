using System.Collections.Concurrent;
using Live.Media.Net;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A router's packet lane: packets that reach it on several threads at once (receive loops, TCP readers) run one at a
/// time, in the order they entered, on the thread holding the lane; no thread ever waits for another.
/// </summary>
public sealed class PacketLaneTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentBag<SfuDropReason> _drops = [];
    private readonly ConcurrentBag<Exception> _faults = [];

    [Fact]
    public void Run_WhileAnotherLoopHoldsTheLane_QueuesAndTheHolderRunsEveryPacketInOrder()
    {
        var lane = new PacketLane(_drops.Add, _faults.Add);
        var sink = new RecordingSink { BlockOnFirst = true };
        var holder = new Thread(() => lane.Run(sink, PacketKind.Rtp, Packet(0)));
        holder.Start();
        Assert.True(sink.Entered.Wait(Wait), "the first packet never ran");

        // A second loop: the lane is held, so each packet is queued and this thread returns at once.
        var second = new Thread(() =>
        {
            for (int i = 1; i <= 100; i++)
            {
                lane.Run(sink, i % 2 == 0 ? PacketKind.Rtp : PacketKind.Rtcp, Packet(i));
            }
        });
        second.Start();
        Assert.True(second.Join(Wait), "a loop waited for the lane");
        Assert.Single(sink.Seen);
        Assert.Equal(100, lane.HandedOff);

        sink.Release.Set();
        Assert.True(holder.Join(Wait));

        Assert.Equal(Enumerable.Range(0, 101), sink.Seen.Select(s => s.Value));
        Assert.All(sink.Seen, s => Assert.Equal(holder.ManagedThreadId, s.Thread));
        Assert.Equal(PacketKind.Rtcp, sink.Seen[1].Kind);
        Assert.Empty(_drops);
    }

    [Fact]
    public void Run_FromFourThreadsAtOnce_RunsOnePacketAtATimeAndEveryThreadsPacketsInItsOrder()
    {
        const int Threads = 4;
        const int PerThread = 20_000;
        var lane = new PacketLane(_drops.Add, _faults.Add);
        var sink = new RecordingSink();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                lane.Run(sink, PacketKind.Rtp, Packet(t * PerThread + i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(Wait)));

        Assert.Equal(1, sink.MostAtOnce);
        Assert.Equal(Threads * PerThread, sink.Seen.Count + _drops.Count);
        for (int t = 0; t < Threads; t++)
        {
            int[] own = sink.Seen.Select(s => s.Value).Where(v => v / PerThread == t).ToArray();
            Assert.Equal(own.Order(), own);
        }

        Assert.True(lane.HandedOff > 0, "the threads never met in the lane: the test proved nothing");
        Assert.All(_drops, d => Assert.Equal(SfuDropReason.LaneQueueFull, d));
    }

    [Fact]
    public void Run_PastTheQueueBound_DropsAndCounts()
    {
        var lane = new PacketLane(_drops.Add, _faults.Add);
        var sink = new RecordingSink { BlockOnFirst = true };
        var holder = new Thread(() => lane.Run(sink, PacketKind.Rtp, Packet(0)));
        holder.Start();
        Assert.True(sink.Entered.Wait(Wait));

        for (int i = 1; i <= PacketLane.MaxQueued + 10; i++)
        {
            lane.Run(sink, PacketKind.Rtp, Packet(i));
        }

        sink.Release.Set();
        Assert.True(holder.Join(Wait));
        Assert.Equal(10, _drops.Count(d => d == SfuDropReason.LaneQueueFull));
        Assert.Equal(PacketLane.MaxQueued + 1, sink.Seen.Count);
    }

    [Fact]
    public void Run_QueuedPacketThrows_ReportedAsFaultAndTheLaneCarriesOn()
    {
        var lane = new PacketLane(_drops.Add, _faults.Add);
        var sink = new RecordingSink { BlockOnFirst = true, ThrowOn = 2 };
        var holder = new Thread(() => lane.Run(sink, PacketKind.Rtp, Packet(0)));
        holder.Start();
        Assert.True(sink.Entered.Wait(Wait));
        for (int i = 1; i <= 3; i++)
        {
            lane.Run(sink, PacketKind.Rtp, Packet(i));
        }

        sink.Release.Set();
        Assert.True(holder.Join(Wait));
        Assert.IsType<InvalidOperationException>(Assert.Single(_faults));
        Assert.Equal([0, 1, 2, 3], sink.Seen.Select(s => s.Value));

        // The lane was let go: the next packet runs at once on the caller, whose exception reaches it as without a lane.
        Assert.Throws<InvalidOperationException>(() => lane.Run(sink, PacketKind.Rtp, Packet(2)));
        lane.Run(sink, PacketKind.Rtp, Packet(4));
        Assert.Equal(Environment.CurrentManagedThreadId, sink.Seen[^1].Thread);
    }

    [Fact]
    public void Run_HandOffInSteadyState_AllocatesNothingOnTheQueuingLoop()
    {
        const int PerBatch = 20;
        var lane = new PacketLane(_drops.Add, _faults.Add);
        var sink = new RecordingSink { BlockOn = LongPacket, Record = false };
        byte[] packet = new byte[1200];
        packet.AsSpan().Fill(1);
        const int Batches = 3 + SteadyStateAllocations.Batches;
        long least = long.MaxValue;
        using var nextBatch = new SemaphoreSlim(0);

        // Another loop, long-lived as receive loops are, holds the lane with a long packet at the start of each batch.
        var holder = new Thread(() =>
        {
            for (int batch = 0; batch < Batches; batch++)
            {
                nextBatch.Wait();
                lane.Run(sink, PacketKind.Rtp, Packet(LongPacket));
            }
        });
        holder.Start();
        for (int batch = 0; batch < Batches; batch++)
        {
            nextBatch.Release();
            Assert.True(sink.Entered.Wait(Wait));
            sink.Entered.Reset();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < PerBatch; i++)
            {
                lane.Run(sink, PacketKind.Rtp, packet);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            sink.Release.Set();
            Assert.True(SpinWait.SpinUntil(() => sink.Calls == (batch + 1) * (PerBatch + 1), Wait), "the holder did not run the batch");
            sink.Release.Reset();
            if (batch >= 3)
            {
                least = Math.Min(least, allocated); // the first batches warm the queue and the buffer pool
            }
        }

        Assert.True(holder.Join(Wait));
        Assert.Equal(0, least);
        Assert.Equal((3 + SteadyStateAllocations.Batches) * PerBatch, lane.HandedOff);
        Assert.Empty(_drops);
    }

    private const int LongPacket = -7;

    private static byte[] Packet(int value) => BitConverter.GetBytes(value);

    private sealed class RecordingSink : IPacketSink
    {
        private int _running;
        private int _blocked;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>The value of a long packet: the sink holds the lane on it until <see cref="Release"/> is set.</summary>
        public int BlockOn { get; init; } = int.MinValue;

        public bool BlockOnFirst { init => BlockOn = value ? 0 : int.MinValue; }

        public bool Record { get; init; } = true;

        public int ThrowOn { get; init; } = -1;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public List<(int Value, PacketKind Kind, int Thread)> Seen { get; } = [];

        public int MostAtOnce;

        public void OnPacket(PacketKind kind, Span<byte> buffer, int length)
        {
            int running = Interlocked.Increment(ref _running);
            try
            {
                if (running > MostAtOnce)
                {
                    MostAtOnce = running;
                }

                int value = length >= 4 ? BitConverter.ToInt32(buffer) : -1;
                if (Record)
                {
                    Seen.Add((value, kind, Environment.CurrentManagedThreadId));
                }

                if (value == BlockOn && Interlocked.Increment(ref _blocked) == 1)
                {
                    Entered.Set();
                    Release.Wait(); // a long packet: the lane stays held until the test lets go
                    Interlocked.Decrement(ref _blocked);
                }

                if (value == ThrowOn)
                {
                    throw new InvalidOperationException("a faulty handler");
                }
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                Interlocked.Increment(ref _calls);
            }
        }
    }
}
