using Live.Media.Rtp;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// The SFU with several receive loops (docs/design.md "Receive loops"): packets of one router that arrive on different
/// loops at once still leave as one valid SRTP stream per subscriber, and any worker count forwards.
/// </summary>
public sealed class SfuReceiveLoopsTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer (video)
    private const uint MicrophoneSsrc = 1094172593; // and of its audio
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly List<SfuTestPeer> _peers = [];
    private SfuServer? _server;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server?.Dispose();
    }

    [Fact]
    public async Task TwoPublishersOnTwoLoopsAtOnce_ForwardToOneSubscriber_EveryPacketDecryptsInOrder()
    {
        const int Rounds = 20;
        const int PerRound = 100;
        SfuServer server = _server = new SfuServer(new SfuOptions { Port = 0, ReceiveWorkers = 2, KeyFrameCadence = TimeSpan.Zero });
        Router room = server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(server, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (carol, _) = await SfuTestConnect.ConnectAsync(server, room, "carol", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["0"] = "carol:Microphone", ["1"] = "alice:Camera" });
        Consumer video = room.GetTransport("bob")!.Consumers.Single(c => c.Producer.Id == "alice:Camera");
        Consumer audio = room.GetTransport("bob")!.Consumers.Single(c => c.Producer.Id == "carol:Microphone");

        // Each publisher's datagrams enter on a thread of its own, as two receive loops would hand them in, both at once:
        // the two consumers share Bob's outbound SRTP context and transport-wide sequence.
        for (int round = 0; round < Rounds; round++)
        {
            using var start = new Barrier(2);
            int first = round * PerRound;
            var aliceLoop = new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = first; i < first + PerRound; i++)
                {
                    byte[] plain = SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(5000 + i), (uint)(i / 3 * 3000), keyFrame: i == 0, fill: 3);
                    server.OnDatagram(alice.ProtectRtp(plain), alice.LocalEndPoint.Serialize());
                }
            });
            var carolLoop = new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = first; i < first + PerRound; i++)
                {
                    server.OnDatagram(carol.ProtectRtp(OpusPacket((ushort)(7000 + i), (uint)(i * 960))), carol.LocalEndPoint.Serialize());
                }
            });
            aliceLoop.Start();
            carolLoop.Start();
            Assert.True(aliceLoop.Join(Wait) && carolLoop.Join(Wait));
            int expected = 2 * (round + 1) * PerRound;
            await SfuTestWait.UntilAsync(() => bob.RtpReceived + bob.RtpRejected >= expected, Wait);
        }

        Assert.Equal(0, bob.RtpRejected);
        Assert.Equal(2 * Rounds * PerRound, bob.RtpReceived);
        Assert.Equal(Rounds * PerRound, video.PacketsSent);
        Assert.Equal(Rounds * PerRound, audio.PacketsSent);
        Assert.Equal(0, server.GetDropCount(SfuDropReason.SrtpReplay));
        Assert.Equal(0, server.GetDropCount(SfuDropReason.SrtpAuth));
        Assert.Equal(0, server.GetDropCount(SfuDropReason.LaneQueueFull));

        // Per consumer, Bob saw its numbers in order with none missing: one stream each, however the loops interleaved.
        var packets = bob.Rtp.ToArray().Select(p => (Packet: p, Parsed: RtpHeader.TryParse(p, out RtpHeader h), Header: h)).ToList();
        foreach (Consumer consumer in new[] { video, audio })
        {
            ushort[] sequences = packets.Where(p => p.Parsed && p.Header.Ssrc == consumer.Ssrc).Select(p => p.Header.SequenceNumber).ToArray();
            Assert.Equal(Rounds * PerRound, sequences.Length);
            for (int i = 1; i < sequences.Length; i++)
            {
                Assert.Equal((ushort)(sequences[0] + i), sequences[i]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Forwarding_OverRealUdp_WorksWithAnyWorkerCount(int workers)
    {
        SfuServer server = _server = new SfuServer(new SfuOptions { Port = 0, ReceiveWorkers = workers });
        Router room = server.GetOrCreateRouter("room");
        var (alice, _, bob) = await SfuTestConnect.AliceToBobAsync(server, room, _peers, Wait);
        Consumer consumer = room.GetTransport("bob")!.Consumers.Single();

        for (ushort i = 0; i < 50; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(100 + i), (uint)(i / 3 * 3000), keyFrame: i == 0, fill: 1));
        }

        await SfuTestWait.UntilAsync(() => consumer.PacketsSent == 50, Wait);
        await SfuTestWait.UntilAsync(() => bob.RtpReceived >= 50, Wait);
        Assert.Equal(0, bob.RtpRejected);
        Assert.Equal(workers, server.ReceiveLoops);
        Assert.Equal(workers > 1 && OperatingSystem.IsLinux() ? workers : 1, server.UdpSocketCount);
    }

    [Fact]
    public void Options_ByDefault_OneReceiveWorkerPerCore()
    {
        Assert.Equal(Environment.ProcessorCount, new SfuOptions().ReceiveWorkers);
        using var server = new SfuServer(new SfuOptions { Port = 0, ReceiveWorkers = 3 });
        Assert.Equal(3, server.ReceiveLoops);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SfuServer(new SfuOptions { Port = 0, ReceiveWorkers = 0 }));
    }

    /// <summary>An Opus packet (payload type 111 in the captured offer) with a 20-byte payload.</summary>
    private static byte[] OpusPacket(ushort sequence, uint timestamp)
    {
        var builder = new RtpPacketBuilder { PayloadType = 111, SequenceNumber = sequence, Timestamp = timestamp, Ssrc = MicrophoneSsrc, Payload = new byte[20] };
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }
}
