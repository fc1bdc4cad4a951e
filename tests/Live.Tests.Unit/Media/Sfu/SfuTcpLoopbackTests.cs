using System.Net;
using System.Net.Sockets;
using Live.Media.Net.Tcp;
using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;
using Live.Tests.Unit.Media.Net.Tcp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// ICE over TCP (RFC 6544 passive candidate, RFC 4571 framing) through a real <see cref="SfuServer"/> on loopback:
/// test peers built from our own layers connect to the TCP port, check, handshake DTLS and exchange SRTP exactly as
/// over UDP; a TCP subscriber that stops reading costs the UDP subscribers nothing.
/// </summary>
public sealed class SfuTcpLoopbackTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly List<SfuTestPeer> _peers = [];
    private SfuServer? _server;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server?.Dispose();
    }

    [Fact]
    public async Task TcpLoopback_PublisherAndSubscriberOverTcp_ForwardsAndSelectsTcpPath()
    {
        SfuServer server = Start(new SfuOptions { Port = 0, TcpPort = 0 });
        Router room = server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(server, room, "alice", "camera", _peers, Wait,
            publish: RouterNegotiateTests.CameraAndMic, tcp: true);
        var (bob, _) = await SfuTestConnect.ConnectAsync(server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" }, tcp: true);
        Assert.True(room.GetTransport("alice")!.IsTcp);
        Assert.True(room.GetTransport("bob")!.IsTcp);
        double tcpReceivedBefore = SfuMetrics.GetRtpPacketsReceived(tcp: true);
        double tcpSentBefore = SfuMetrics.GetRtpPacketsSent(tcp: true);

        for (ushort i = 0; i < 20; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(100 + i), (uint)(i / 3 * 3000), keyFrame: i == 0, fill: (byte)i));
        }

        for (int i = 0; i < 20; i++)
        {
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} not forwarded over TCP");
            Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
            Assert.Equal((byte)i, header.GetPayload(packet)[5]);
        }

        Assert.True(SfuMetrics.GetRtpPacketsReceived(tcp: true) - tcpReceivedBefore >= 20);
        Assert.True(SfuMetrics.GetRtpPacketsSent(tcp: true) - tcpSentBefore >= 20);
        Assert.Equal(2, server.TcpConnectionCount);
        Assert.Equal(0, server.GetDropCount(SfuDropReason.TcpSendQueueFull));

        // Closing the participant closes the connection it used: nothing else can use it.
        room.CloseParticipant("bob");
        await SfuTestWait.UntilAsync(() => server.TcpConnectionCount == 1, Wait);
    }

    [Fact]
    public async Task TcpSubscriberStopsReading_TenUdpSubscribers_LoseNothingAndQueueStaysBounded()
    {
        const int Subscribers = 10;
        const int Packets = 3000;
        var tcpOptions = new TcpMediaListenerOptions
        {
            SendQueueBytes = Rfc4571Framing.HeaderLength + Rfc4571Framing.MaxFrameLength, // the smallest allowed: 64 KiB
            SocketBufferBytes = 4096, // no kernel autotuning: the stall reaches the queue after a few KiB
        };
        SfuServer server = Start(new SfuOptions { Port = 0, TcpPort = 0, Tcp = tcpOptions });
        Router room = server.GetOrCreateRouter("room");
        var subscribe = new Dictionary<string, string> { ["1"] = "alice:Camera" };
        var (alice, _) = await SfuTestConnect.ConnectAsync(server, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var udp = new List<SfuTestPeer>();
        for (int i = 0; i < Subscribers; i++)
        {
            // 2 MiB of socket buffer: a test peer's receive thread starved by a busy machine must not be what loses packets.
            udp.Add((await SfuTestConnect.ConnectAsync(server, room, $"udp{i}", "recvonly", _peers, Wait, subscribe: subscribe,
                socketBufferBytes: 2 * 1024 * 1024)).Peer);
        }

        var (stalled, _) = await SfuTestConnect.ConnectAsync(server, room, "stalled", "recvonly", _peers, Wait,
            subscribe: subscribe, tcp: true, socketBufferBytes: 4096);
        WebRtcTransport stalledTransport = room.GetTransport("stalled")!;
        Assert.True(stalledTransport.IsTcp);
        TcpSendQueue queue = stalledTransport.TcpPath!.SendQueue;
        stalled.StopReading();

        long dropsAtHalf = -1;
        for (int i = 0; i < Packets; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(1000 + i), (uint)(i / 5 * 3000), keyFrame: i == 0, fill: (byte)i));
            if (i % 25 == 24)
            {
                await Task.Delay(2); // paced like a camera burst, so the UDP peers' socket buffers are not what is tested
                Assert.True(queue.Pending <= queue.Capacity);
            }

            if (i == Packets / 2)
            {
                await SfuTestWait.UntilAsync(() => server.GetDropCount(SfuDropReason.TcpSendQueueFull) > 0, Wait);
                dropsAtHalf = server.GetDropCount(SfuDropReason.TcpSendQueueFull);
            }
        }

        // The stall had already filled the TCP queue by half-way: the second half was forwarded while it was full.
        Assert.True(dropsAtHalf > 0, "the stalled subscriber's queue never filled; the test proves nothing");
        for (int i = 0; i < Subscribers; i++)
        {
            SfuTestPeer peer = udp[i];
            var deadline = DateTime.UtcNow + Wait;
            while (Volatile.Read(ref peer.RtpReceived) < Packets && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(Volatile.Read(ref peer.RtpReceived) >= Packets,
                $"UDP subscriber {i} received {peer.RtpReceived} of {Packets}; the SFU sent it {room.GetTransport($"udp{i}")!.Consumers.Single().PacketsSent}");
            var sequences = new HashSet<ushort>();
            while (peer.Rtp.TryTake(out byte[]? packet))
            {
                Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
                sequences.Add(header.SequenceNumber);
            }

            Assert.Equal(Packets, sequences.Count); // every packet, no loss, no duplicates
            Assert.Equal(Packets, room.GetTransport($"udp{i}")!.Consumers.Single().PacketsSent);
        }

        long dropped = server.GetDropCount(SfuDropReason.TcpSendQueueFull);
        Assert.True(queue.Pending <= queue.Capacity);
        Assert.True(dropped >= Packets / 2, $"only {dropped} packets dropped for the stalled subscriber");
        Assert.True(queue.Enqueued < Packets / 2, $"{queue.Enqueued} packets queued for a subscriber that reads nothing");
        Console.WriteLine($"stalled TCP subscriber: {queue.Enqueued} queued, {dropped} dropped (queue-full), " +
            $"{Volatile.Read(ref stalled.RtpReceived)} received; each of {Subscribers} UDP subscribers: {Packets}/{Packets}");
    }

    [Fact]
    public async Task TcpPort_JunkHugeLengthSlowlorisAndFlood_DroppedCountedClosedAndPortStillServes()
    {
        var tcpOptions = new TcpMediaListenerOptions { MaxConnections = 4, AuthenticationTimeout = TimeSpan.FromSeconds(2) };
        SfuServer server = Start(new SfuOptions
        {
            Port = 0, TcpPort = 0, Tcp = tcpOptions, MaintenanceInterval = TimeSpan.FromMilliseconds(100),
        });
        IPEndPoint port = server.TcpLocalEndPoint!;

        // Junk: a frame whose first byte is in no RFC 7983 range, before any check.
        using Socket junk = Connect(port);
        junk.Send([.. Rfc4571FrameReaderTests.Frame(0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)]);
        Assert.True(await ClosedByServerAsync(junk), "junk did not get the connection closed");
        Assert.Equal(1, server.GetDropCount(SfuDropReason.Junk));

        // A length prefix of 65535: legal RFC 4571, but above what WebRTC sends; the stream is abandoned at once.
        using Socket huge = Connect(port);
        huge.Send([0xFF, 0xFF, 0x00, 0x01, 0x02]);
        Assert.True(await ClosedByServerAsync(huge), "a huge length prefix did not get the connection closed");
        Assert.Equal(1, server.GetDropCount(SfuDropReason.TcpFrameTooLong));

        // Slowloris: a valid-looking STUN frame, one byte at a time; still open well before the timeout, closed after it.
        using Socket slow = Connect(port);
        byte[] check = Rfc4571FrameReaderTests.Frame(new byte[100]);
        long started = Environment.TickCount64;
        int sent = 0;
        while (!await ClosedByServerAsync(slow, TimeSpan.FromMilliseconds(150)))
        {
            Assert.True(Environment.TickCount64 - started < 10_000, "the slow connection was never closed");
            try
            {
                slow.Send(check.AsSpan(sent++ % check.Length, 1));
            }
            catch (SocketException)
            {
                break;
            }
        }

        long lifetime = Environment.TickCount64 - started;
        Assert.InRange(lifetime, 1500, 10_000);
        Assert.True(server.GetDropCount(SfuDropReason.TcpUnauthenticated) >= 2); // the junk one and the slow one

        // A flood of idle connections: past the cap each is closed on arrival; the rest go at the timeout.
        var flood = new List<Socket>();
        for (int i = 0; i < tcpOptions.MaxConnections + 3; i++)
        {
            flood.Add(Connect(port));
        }

        await SfuTestWait.UntilAsync(() => server.GetDropCount(SfuDropReason.TcpConnectionLimit) == 3, Wait);
        Assert.Equal(tcpOptions.MaxConnections, server.TcpConnectionCount);
        await SfuTestWait.UntilAsync(() => server.TcpConnectionCount == 0, Wait);
        flood.ForEach(s => s.Dispose());

        // Nothing escaped and the port still serves a real peer end to end.
        Router room = server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(server, room, "alice", "camera", _peers, Wait,
            publish: RouterNegotiateTests.CameraAndMic, tcp: true);
        var (bob, _) = await SfuTestConnect.ConnectAsync(server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" }, tcp: true);
        await Task.Delay(tcpOptions.AuthenticationTimeout + TimeSpan.FromMilliseconds(500)); // authenticated: not timed out
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 7, 0, keyFrame: true, fill: 1));
        Assert.True(bob.Rtp.TryTake(out _, Wait), "the port stopped serving after the attacks");
        Assert.Equal(2, server.TcpConnectionCount);
    }

    /// <summary>
    /// Firefox nominates aggressively: its UDP check and its TCP check both carry USE-CANDIDATE, milliseconds apart,
    /// and it then runs DTLS on UDP, its higher-priority pair. The SFU once moved to the later (TCP) nomination and
    /// stopped accepting the UDP address, so the handshake never finished (Firefox stuck at "dtls: connecting").
    /// </summary>
    [Fact]
    public async Task UdpAndTcpBothNominated_UdpOutranksTcp_HandshakeAndMediaStayOnUdp()
    {
        SfuServer server = Start(new SfuOptions { Port = 0, TcpPort = 0 });
        Router room = server.GetOrCreateRouter("room");
        var alice = new SfuTestPeer(server.LocalEndPoint);
        _peers.Add(alice);
        NegotiationResult answer = room.Negotiate("alice", alice.Offer("camera"), RouterNegotiateTests.CameraAndMic, subscribe: null);
        Assert.True(answer.Succeeded, answer.Error);
        using Socket tcp = Connect(server.TcpLocalEndPoint!);

        await alice.ConnectAsync(answer.AnswerSdp!, beforeDtls: (ufrag, password) =>
        {
            // The TCP nomination comes after the UDP one, and is answered before DTLS starts: the old failing order.
            var check = new IceCheck($"{ufrag}:{alice.Ufrag}", password) { UseCandidate = true };
            tcp.Send(Rfc4571FrameReaderTests.Frame(check.Build()));
            var header = new byte[Rfc4571Framing.HeaderLength];
            tcp.ReceiveTimeout = (int)Wait.TotalMilliseconds;
            Assert.Equal(header.Length, tcp.Receive(header));
            Assert.True(room.GetTransport("alice")!.Ice.IsNominated);
        });

        WebRtcTransport transport = room.GetTransport("alice")!;
        await SfuTestWait.UntilAsync(() => transport.IsConnected, Wait);
        Assert.False(transport.IsTcp);
        Assert.Equal(alice.LocalEndPoint.Serialize(), transport.RemoteAddress);

        var (bob, _) = await SfuTestConnect.ConnectAsync(server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 7, 0, keyFrame: true, fill: 1));
        Assert.True(bob.Rtp.TryTake(out _, Wait), "media from the UDP address was not forwarded");
        Assert.Equal(0, server.GetDropCount(SfuDropReason.UnknownAddress));
    }

    private SfuServer Start(SfuOptions options) => _server = new SfuServer(options);

    private static Socket Connect(IPEndPoint port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(port);
        return socket;
    }

    /// <summary>True when the server closed the connection (end of stream or reset) within <paramref name="wait"/>.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? Wait);
        var buffer = new byte[64];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
