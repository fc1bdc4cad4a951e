using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// <see cref="SfuServer.UdpBlocked"/>, the hook the path-change browser test uses to cut UDP mid-session: while set, a
/// datagram reaches nothing past the count (junk is not even classified), and once cleared the port works as before.
/// </summary>
public sealed class SfuUdpBlockedTests
{
    private static readonly byte[] Junk = [0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9]; // RFC 7983: in no range

    [Fact]
    public async Task UdpBlocked_DatagramsDroppedAsBlocked_ThenServedAgainWhenCleared()
    {
        using var server = new SfuServer(new SfuOptions { Port = 0, TcpEnabled = false });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // The moment: unblocked, junk is seen and counted as junk.
        sender.SendTo(Junk, server.LocalEndPoint);
        await UntilAsync(() => server.GetDropCount(SfuDropReason.Junk) == 1);

        server.UdpBlocked = true;
        sender.SendTo(Junk, server.LocalEndPoint);
        sender.SendTo(Junk, server.LocalEndPoint);
        await UntilAsync(() => server.GetDropCount(SfuDropReason.UdpBlocked) == 2);
        Assert.Equal(1, server.GetDropCount(SfuDropReason.Junk));

        server.UdpBlocked = false;
        sender.SendTo(Junk, server.LocalEndPoint);
        await UntilAsync(() => server.GetDropCount(SfuDropReason.Junk) == 2);
        Assert.Equal(2, server.GetDropCount(SfuDropReason.UdpBlocked));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the datagrams were not counted in time");
            await Task.Delay(10);
        }
    }
}
