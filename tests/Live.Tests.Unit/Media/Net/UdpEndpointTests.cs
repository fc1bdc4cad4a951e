using System.Net;
using System.Net.Sockets;
using Live.Media.Net;

namespace Live.Tests.Unit.Media.Net;

public sealed class UdpEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task Send_BetweenTwoLoopbackEndpoints_IsEchoedBack()
    {
        var echoed = new TaskCompletionSource<(byte[] Data, IPEndPoint From)>(TaskCreationOptions.RunContinuationsAsynchronously);
        UdpEndpoint? server = null;
        using var serverEndpoint = server = new UdpEndpoint(AnyLoopbackPort, (datagram, remote) => server!.Send(datagram, remote));
        using var client = new UdpEndpoint(
            AnyLoopbackPort,
            (datagram, remote) => echoed.TrySetResult((datagram.ToArray(), SocketAddressParts.ToIPEndPoint(remote))));
        server.Start();
        client.Start();
        byte[] payload = [0x80, 96, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        Assert.True(client.Send(payload, server.LocalEndPoint.Serialize()));

        (byte[] data, IPEndPoint from) = await echoed.Task.WaitAsync(Timeout);
        Assert.Equal(payload, data);
        Assert.Equal(server.LocalEndPoint, from);
        Assert.Equal(1, server.DatagramsReceived);
        Assert.Equal(1, client.DatagramsReceived);
        Assert.True(SpinWait.SpinUntil(() => server.DatagramsSent == 1, Timeout)); // counted just after SendTo returns
    }

    [Fact]
    public void SendAndReceive_SteadyState_AllocatesNothingOnEitherThread()
    {
        const int Warmup = 50;
        const int Window = 500;
        const int Total = Warmup + SteadyStateAllocations.Batches * Window;

        // The receive thread notes its allocated bytes at the start and end of each window (as SteadyStateAllocations
        // does for the sending thread): the least window is the receive loop's steady state between datagrams.
        long[] receiveMarks = new long[SteadyStateAllocations.Batches + 1];
        int received = 0;
        var done = new ManualResetEventSlim();
        using var server = new UdpEndpoint(AnyLoopbackPort, (_, _) =>
        {
            int count = Interlocked.Increment(ref received);
            if (count >= Warmup && (count - Warmup) % Window == 0)
            {
                receiveMarks[(count - Warmup) / Window] = GC.GetAllocatedBytesForCurrentThread();
            }

            if (count == Total)
            {
                done.Set();
            }
        });
        server.Start();
        using var client = new UdpEndpoint(AnyLoopbackPort, (_, _) => { });
        SocketAddress target = server.LocalEndPoint.Serialize();
        byte[] payload = new byte[1200];
        payload[0] = 0x80;

        int sent = 0;
        void SendOne()
        {
            Assert.True(client.Send(payload, target));
            sent++;
            if (sent % 32 == 0)
            {
                // Let the receiver catch up so the socket buffer never overflows and drops a datagram.
                // A plain loop: a SpinUntil lambda would allocate a closure on the measured thread.
                long deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
                while (Volatile.Read(ref received) < sent && Environment.TickCount64 < deadline)
                {
                    Thread.Yield();
                }
            }
        }

        for (int i = 0; i < Warmup; i++)
        {
            SendOne();
        }

        long sendAllocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < Window; i++)
            {
                SendOne();
            }
        });

        Assert.True(done.Wait(Timeout), $"received {received} of {Total}");
        Assert.Equal(0, sendAllocated);
        long receiveAllocated = Enumerable.Range(0, SteadyStateAllocations.Batches).Min(k => receiveMarks[k + 1] - receiveMarks[k]);
        Assert.Equal(0, receiveAllocated);
    }

    [Fact]
    public void Receive_JunkThenStun_JunkCountedAsDroppedAndStunDelivered()
    {
        var stunSeen = new ManualResetEventSlim();
        var demux = new DatagramDemultiplexer { Stun = (_, _) => stunSeen.Set() };
        using var server = new UdpEndpoint(AnyLoopbackPort, demux.AsHandler());
        server.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        sender.SendTo(new byte[] { 0xFF, 0x00, 0x01 }, server.LocalEndPoint);
        sender.SendTo(new byte[] { 0x42, 0x42, 0x42, 0x42, 0x42 }, server.LocalEndPoint);
        var stun = new byte[20];
        stun[1] = 0x01;
        sender.SendTo(stun, server.LocalEndPoint);

        // Loopback UDP from one socket arrives in order, so the junk has been counted once STUN is seen.
        Assert.True(stunSeen.Wait(Timeout), "STUN datagram not delivered");
        Assert.Equal(2, demux.DroppedCount);
        Assert.Equal(1, demux.StunCount);
        Assert.Equal(3, server.DatagramsReceived);
    }

    [Fact]
    public void Handler_Throws_ReceiveThreadSurvivesAndCountsFault()
    {
        int calls = 0;
        var second = new ManualResetEventSlim();
        using var server = new UdpEndpoint(AnyLoopbackPort, (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("first datagram handler fails");
            }

            second.Set();
        });
        server.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        sender.SendTo(new byte[] { 1 }, server.LocalEndPoint);
        sender.SendTo(new byte[] { 2 }, server.LocalEndPoint);

        Assert.True(second.Wait(Timeout));
        Assert.Equal(1, server.HandlerFaults);
    }

    [Fact]
    public void Dispose_StopsReceiveThreadAndRefusesSends()
    {
        var server = new UdpEndpoint(AnyLoopbackPort, (_, _) => { });
        server.Start();
        Assert.True(server.IsReceiving);

        server.Dispose();

        Assert.False(server.IsReceiving);
        Assert.False(server.Send([1, 2, 3], new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
    }
}
