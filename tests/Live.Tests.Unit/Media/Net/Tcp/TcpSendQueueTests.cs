using Live.Media.Net.Tcp;

namespace Live.Tests.Unit.Media.Net.Tcp;

/// <summary>The bounded send queue: frames what it takes, refuses and counts past its capacity, never grows.</summary>
public sealed class TcpSendQueueTests
{
    private const int Capacity = Rfc4571Framing.HeaderLength + Rfc4571Framing.MaxFrameLength;

    [Fact]
    public void TryEnqueue_UntilFull_FramesPacketsThenDropsAndCounts()
    {
        var queue = new TcpSendQueue(Capacity);
        int accepted = 0;
        for (int i = 0; i < 100; i++)
        {
            if (queue.TryEnqueue(new byte[1000]))
            {
                accepted++;
            }
        }

        Assert.Equal(Capacity / 1002, accepted);
        Assert.Equal(100 - accepted, queue.Dropped);
        Assert.True(queue.Pending <= Capacity);

        ReadOnlyMemory<byte> batch = queue.TakeBatch();
        Assert.Equal(accepted * 1002, batch.Length);
        Assert.Equal(new byte[] { 0x03, 0xE8 }, batch[..2].ToArray()); // 1000, big-endian
        Assert.True(queue.TryEnqueue(new byte[1000]), "taking the batch makes room again");
    }

    [Fact]
    public void TakeBatch_WhileWriterHoldsBatch_NewPacketsGoToOtherBuffer()
    {
        var queue = new TcpSendQueue(Capacity);
        Assert.True(queue.TryEnqueue([1, 2, 3]));
        Assert.Equal(1, queue.Signal.CurrentCount);
        ReadOnlyMemory<byte> first = queue.TakeBatch();
        Assert.True(queue.TryEnqueue([4]));
        Assert.Equal(new byte[] { 0, 3, 1, 2, 3 }, first.ToArray()); // untouched by the later enqueue
        Assert.Equal(new byte[] { 0, 1, 4 }, queue.TakeBatch().ToArray());
        Assert.True(queue.TakeBatch().IsEmpty);
    }

    [Fact]
    public void TryEnqueue_AfterClose_RefusesAndCounts()
    {
        var queue = new TcpSendQueue(Capacity);
        queue.Close();
        Assert.False(queue.TryEnqueue([1]));
        Assert.Equal(1, queue.Dropped);
        Assert.True(queue.IsClosed);
    }
}
