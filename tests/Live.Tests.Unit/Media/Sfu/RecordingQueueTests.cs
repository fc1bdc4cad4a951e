using Live.Media.Recording;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>The hand-off between a recorded track's packet path and its writer: bounded, in order, never waiting.</summary>
public class RecordingQueueTests
{
    [Fact]
    public void Full_RefusesAtOnceAndCountsTheDrop_ThenAcceptsOnceTheWriterTookOne()
    {
        var queue = new RecordingQueue(capacity: 3);
        for (byte i = 0; i < 5; i++)
        {
            queue.TryEnqueue([i, i], default);
        }

        Assert.Equal((3, 3, 2L), (queue.Count, queue.HighWater, queue.Dropped));
        Assert.True(queue.TryDequeue(out QueuedRtp first));
        Assert.Equal(new byte[] { 0, 0 }, first.Packet.ToArray());
        RecordingQueue.Release(first);
        Assert.True(queue.TryEnqueue([9], default));
        Assert.Equal(3, queue.HighWater);
    }

    [Fact]
    public async Task Complete_WriterDrainsInOrderAndLaterPacketsAreRefusedUncounted()
    {
        var queue = new RecordingQueue(capacity: 8);
        byte[] packet = [1, 2, 3];
        queue.TryEnqueue(packet, new RecordingInstant(10, 0, false));
        packet[0] = 7; // the queue holds a copy: the receive buffer is reused for the next datagram
        queue.TryEnqueue(packet, new RecordingInstant(20, 0, false));
        queue.Complete();

        Assert.False(queue.TryEnqueue(packet, default));
        Assert.Equal(0, queue.Dropped);
        var drained = new List<(byte First, long At)>();
        while (await queue.WaitToReadAsync())
        {
            while (queue.TryDequeue(out QueuedRtp queued))
            {
                drained.Add((queued.Packet[0], queued.Arrival.SessionMs));
                RecordingQueue.Release(queued);
            }
        }

        Assert.Equal(new (byte, long)[] { (1, 10), (7, 20) }, drained);
        Assert.Equal(0, queue.Count);
    }
}
