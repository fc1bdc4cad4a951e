using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Live.Media.Net;

namespace Live.Tests.Unit.Media.Net;

/// <summary>
/// A UDP port received by several loops: on Linux one SO_REUSEPORT socket each, the kernel keeping every remote
/// address on one of them; an ephemeral port is never shared with another endpoint.
/// </summary>
public sealed class UdpEndpointReceiveLoopsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public void TwoLoops_ManyRemoteAddresses_SpreadOverLoopsAndEachAddressStaysOnOne()
    {
        const int Clients = 32;
        const int PerClient = 5;
        var threadsByRemote = new ConcurrentDictionary<IPEndPoint, ConcurrentDictionary<int, byte>>();
        int received = 0;
        using var server = new UdpEndpoint(AnyLoopbackPort, (_, remote) =>
        {
            threadsByRemote.GetOrAdd(SocketAddressParts.ToIPEndPoint(remote), _ => new())[Environment.CurrentManagedThreadId] = 0;
            Interlocked.Increment(ref received);
        }, receiveLoops: 2);
        server.Start();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(1, server.SocketCount); // elsewhere both loops share one socket, and nothing keeps an address on one
            return;
        }

        Assert.Equal(2, server.SocketCount);

        var clients = Enumerable.Range(0, Clients).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToList();
        try
        {
            foreach (Socket client in clients)
            {
                client.Bind(AnyLoopbackPort);
                for (int i = 0; i < PerClient; i++)
                {
                    client.SendTo(new byte[] { 0x80, 96, 0, (byte)i }, server.LocalEndPoint);
                }
            }

            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref received) == Clients * PerClient, Timeout));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.Equal(Clients, threadsByRemote.Count);
        Assert.All(threadsByRemote.Values, threads => Assert.Single(threads));
        Assert.Equal(2, threadsByRemote.Values.SelectMany(t => t.Keys).Distinct().Count()); // 2^-31 to fail by chance
    }

    [Fact]
    public void EphemeralPort_TwoEndpointsWithLoops_NeverShareAPort()
    {
        var endpoints = Enumerable.Range(0, 8).Select(_ => new UdpEndpoint(AnyLoopbackPort, (_, _) => { }, receiveLoops: 2)).ToList();
        try
        {
            Assert.Equal(endpoints.Count, endpoints.Select(e => e.LocalEndPoint.Port).Distinct().Count());
        }
        finally
        {
            endpoints.ForEach(e => e.Dispose());
        }
    }

    [Fact]
    public void ExplicitPortInUse_ReceiveLoops_FailAsOneSocketWould()
    {
        using var holder = new UdpEndpoint(AnyLoopbackPort, (_, _) => { });
        var taken = new IPEndPoint(IPAddress.Loopback, holder.LocalEndPoint.Port);
        Assert.Throws<SocketException>(() => new UdpEndpoint(taken, (_, _) => { }, receiveLoops: 2));
        Assert.Throws<SocketException>(() => new UdpEndpoint(taken, (_, _) => { }, receiveLoops: 1));
    }

    [Fact]
    public void Dispose_StopsEveryLoop()
    {
        var server = new UdpEndpoint(AnyLoopbackPort, (_, _) => { }, receiveLoops: 3);
        server.Start();
        Assert.Equal(3, server.ReceiveLoops);
        Assert.True(server.IsReceiving);
        server.Dispose();
        Assert.False(server.IsReceiving);
    }
}
