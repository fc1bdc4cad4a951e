using Live.Media.Dtls;

namespace Live.Tests.Unit.Media.Dtls;

public sealed class DtlsDatagramTransportTests
{
    [Fact]
    public void Receive_AfterEnqueue_ReturnsDatagramsInOrder()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        transport.Enqueue([22, 1, 2, 3]);
        transport.Enqueue([23, 4]);
        var buffer = new byte[16];

        var first = transport.Receive(buffer, 0, buffer.Length, 100);
        Assert.Equal(new byte[] { 22, 1, 2, 3 }, buffer[..first]);
        var second = transport.Receive(buffer, 0, buffer.Length, 100);
        Assert.Equal(new byte[] { 23, 4 }, buffer[..second]);
    }

    [Fact]
    public void Enqueue_CallerReusesBuffer_QueuedCopyUnchanged()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        var datagram = new byte[] { 22, 9, 9 };
        transport.Enqueue(datagram);
        datagram[1] = 0;

        var buffer = new byte[8];
        var length = transport.Receive(buffer, 0, buffer.Length, 100);

        Assert.Equal(new byte[] { 22, 9, 9 }, buffer[..length]);
    }

    [Fact]
    public void Enqueue_QueueFull_DropsAndCounts()
    {
        var transport = new DtlsDatagramTransport(_ => { }, capacity: 2);

        Assert.True(transport.Enqueue([22]));
        Assert.True(transport.Enqueue([22]));
        Assert.False(transport.Enqueue([22]));
        Assert.False(transport.Enqueue([22]));

        Assert.Equal(2, transport.DroppedDatagrams);
    }

    [Fact]
    public void Enqueue_EmptyOrOversized_DropsAndCounts()
    {
        var transport = new DtlsDatagramTransport(_ => { });

        Assert.False(transport.Enqueue([]));
        Assert.False(transport.Enqueue(new byte[DtlsDatagramTransport.ReceiveLimit + 1]));
        Assert.True(transport.Enqueue(new byte[DtlsDatagramTransport.ReceiveLimit]));

        Assert.Equal(2, transport.DroppedDatagrams);
    }

    [Fact]
    public void Receive_NothingQueued_ReturnsMinusOneAfterWait()
    {
        var transport = new DtlsDatagramTransport(_ => { });

        Assert.Equal(-1, transport.Receive(new byte[16], 0, 16, 20));
    }

    [Fact]
    public async Task Receive_Blocked_WakesWhenDatagramArrives()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        var buffer = new byte[16];
        var receive = Task.Factory.StartNew(() => transport.Receive(buffer, 0, buffer.Length, 0),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await Task.Delay(50);
        transport.Enqueue([22, 7]);

        Assert.Equal(2, await receive.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(7, buffer[1]);
    }

    [Fact]
    public async Task Close_WhileReceiveBlocked_ReceiveThrowsIOException()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        var receive = Task.Factory.StartNew(() => transport.Receive(new byte[16], 0, 16, 0),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await Task.Delay(50);
        transport.Close();

        await Assert.ThrowsAsync<IOException>(() => receive.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Close_Twice_RaisesClosedOnceAndDropsLaterDatagrams()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        var closedEvents = 0;
        transport.Closed += () => closedEvents++;
        transport.Enqueue([22]);

        transport.Close();
        transport.Close();

        Assert.Equal(1, closedEvents);
        Assert.True(transport.IsClosed);
        Assert.False(transport.Enqueue([22]));
        Assert.Throws<IOException>(() => transport.Receive(new byte[4], 0, 4, 10));
    }

    [Fact]
    public void Send_OpenThenClosed_ForwardsOnlyWhileOpen()
    {
        var sent = new List<byte[]>();
        var transport = new DtlsDatagramTransport(datagram => sent.Add(datagram.ToArray()));
        var record = new byte[] { 0, 22, 254, 253, 0 };

        transport.Send(record, 1, 3);
        transport.Close();
        transport.Send(record, 0, 5);

        Assert.Single(sent);
        Assert.Equal(new byte[] { 22, 254, 253 }, sent[0]);
    }

    [Fact]
    public void Receive_BufferSmallerThanDatagram_Truncates()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        transport.Enqueue([22, 1, 2, 3, 4]);
        var buffer = new byte[3];

        Assert.Equal(3, transport.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal(new byte[] { 22, 1, 2 }, buffer);
    }

    [Fact]
    public void DiscardIncoming_AfterwardEnqueueDropsButSendWorks()
    {
        var sends = 0;
        var transport = new DtlsDatagramTransport(_ => sends++);
        transport.Enqueue([22]);

        transport.DiscardIncoming();

        Assert.False(transport.Enqueue([22]));
        Assert.Equal(-1, transport.Receive(new byte[4], 0, 4, 10));
        transport.Send([21, 1]);
        Assert.Equal(1, sends);
        Assert.False(transport.IsClosed);
    }

    [Fact]
    public void EnqueueAndReceive_Steady_AllocatesNothing()
    {
        var transport = new DtlsDatagramTransport(_ => { });
        var datagram = new byte[1200];
        datagram[0] = 23;
        var buffer = new byte[DtlsDatagramTransport.ReceiveLimit];
        for (var i = 0; i < 100; i++)
        {
            transport.Enqueue(datagram);
            transport.Receive(buffer, 0, buffer.Length, 10);
        }

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                transport.Enqueue(datagram);
                transport.Receive(buffer, 0, buffer.Length, 10);
            }
        });

        Assert.Equal(0, allocated);
    }
}
