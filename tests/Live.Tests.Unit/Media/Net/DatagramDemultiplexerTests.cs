using System.Net;
using Live.Media.Net;

namespace Live.Tests.Unit.Media.Net;

public sealed class DatagramDemultiplexerTests
{
    private static readonly SocketAddress Remote = new IPEndPoint(IPAddress.Loopback, 9).Serialize();

    [Fact]
    public void Dispatch_MixedTraffic_RoutesEachKindAndCountsJunk()
    {
        var seen = new List<string>();
        var demux = new DatagramDemultiplexer
        {
            Stun = (d, _) => seen.Add("stun"),
            Dtls = (d, _) => seen.Add("dtls"),
            Rtp = (d, _) => seen.Add("rtp"),
            Rtcp = (d, _) => seen.Add("rtcp"),
        };

        demux.Dispatch(Datagram(0x00, 0x01, 20), Remote);
        demux.Dispatch(Datagram(0x16, 0xFE, 13), Remote);
        demux.Dispatch(Datagram(0x80, 96, 12), Remote);
        demux.Dispatch(Datagram(0x80, 200, 28), Remote);
        demux.Dispatch(Datagram(0xFF, 0xFF, 100), Remote);  // above every RFC 7983 range
        demux.Dispatch(Datagram(0x41, 0x00, 100), Remote);  // TURN channel range
        demux.Dispatch(Datagram(0x00, 0x01, 4), Remote);    // runt STUN

        Assert.Equal(["stun", "dtls", "rtp", "rtcp"], seen);
        Assert.Equal(1, demux.StunCount);
        Assert.Equal(1, demux.DtlsCount);
        Assert.Equal(1, demux.RtpCount);
        Assert.Equal(1, demux.RtcpCount);
        Assert.Equal(3, demux.DroppedCount);
    }

    [Fact]
    public void Dispatch_NoHandlerForKind_StillCountsAndReturnsKind()
    {
        var demux = new DatagramDemultiplexer();

        Assert.Equal(PacketKind.Rtp, demux.Dispatch(Datagram(0x80, 96, 12), Remote));
        Assert.Equal(1, demux.RtpCount);
        Assert.Equal(0, demux.DroppedCount);
    }

    private static byte[] Datagram(byte first, byte second, int length)
    {
        var datagram = new byte[length];
        datagram[0] = first;
        if (length > 1)
        {
            datagram[1] = second;
        }

        return datagram;
    }
}
