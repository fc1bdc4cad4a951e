using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Sfu.Pipe;

/// <summary>
/// Two SFUs (two "silos") on two loopback UDP ports: a publisher on A, subscribers on B served by a pipe producer that
/// A feeds once over an SRTP-protected pipe. Subscribers decrypt the publisher's packets, A sends each packet to B once
/// however many subscribers B has, keyframe requests travel back, and forged or stray pipe traffic is dropped.
/// </summary>
public sealed class SfuPipeLoopbackTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private const string Camera = "alice:Camera";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // No maintenance timer: the tests inject datagrams and must not race the SFU's own reports. No keyframe cadence at
    // the origin: a PLI reaching the publisher can then only come from a request.
    private SfuServer _origin = new(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1), KeyFrameCadence = TimeSpan.Zero });
    private readonly SfuServer _edge = new(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1) });
    private readonly List<SfuTestPeer> _peers = [];
    private ushort _sequence = 1000;
    private uint _timestamp = 9000;

    private Router OriginRoom => _origin.GetOrCreateRouter("room");

    private Router EdgeRoom => _edge.GetOrCreateRouter("room/edge");

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _origin.Dispose();
        _edge.Dispose();
    }

    [Fact]
    public async Task Pipe_OneThenFiveEdgeSubscribers_EachPacketCrossesOnceEveryoneDecodes()
    {
        SfuTestPeer alice = await PublishAsync();
        PipeTicket ticket = OpenPipe();
        var subscribers = new List<SfuTestPeer> { await SubscribeOnEdgeAsync("bob0") };
        SendAndCheck(alice, subscribers, count: 10);

        for (int i = 1; i < 5; i++)
        {
            subscribers.Add(await SubscribeOnEdgeAsync($"bob{i}"));
        }

        long sentBefore = _origin.PipePacketsSent;
        long receivedBefore = _edge.PipePacketsReceived;
        SendAndCheck(alice, subscribers, count: 20);
        Assert.Equal(20, _origin.PipePacketsSent - sentBefore);
        Assert.Equal(20, _edge.PipePacketsReceived - receivedBefore);
        Assert.Equal(1, OriginRoom.PipeSenderCount);
        Assert.Equal([Camera], EdgeRoom.PipeProducerIds);
        Assert.Equal(5, EdgeRoom.GetProducer(Camera)!.Consumers.Count);
        Assert.True(OriginRoom.GetProducer(Camera)!.Consumers.Count == 0, "the origin serves no subscriber itself");

        // A NACK from an edge subscriber is answered from the edge's history: nothing more crosses the pipe. It asks
        // for one of the last 20 (bob0's consumer numbers from its SSRC: 10 packets, then these 20); the first 10 may be
        // older than the 1 s an SFU resends for (MaxRetransmitAge) once four more subscribers have connected.
        Consumer consumer = EdgeRoom.GetTransport("bob0")!.Consumers.Single();
        subscribers[0].SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, (ushort)(consumer.Ssrc + 10 + 17)));
        Assert.True(subscribers[0].Rtp.TryTake(out _, Wait), "the edge did not retransmit");
        Assert.Equal(20, _origin.PipePacketsSent - sentBefore);

        // A PLI from an edge subscriber goes back through the pipe, and the origin absorbs it: edges serve observers, whose
        // keyframes come from the cadence, so the publisher counts nothing (docs/design.md, keyframes).
        await Task.Delay(_edge.Options.KeyFrameRequestInterval); // past the edge's own gate interval
        while (alice.Rtcp.TryTake(out _)) { }
        Producer origin = OriginRoom.GetProducer(Camera)!;
        long requestsBefore = _origin.PipeKeyFrameRequests;
        long absorbedBefore = origin.KeyFrameRequestsAbsorbed;
        subscribers[3].SendRtcp(SfuTestRtcp.Pli(EdgeRoom.GetTransport("bob3")!.Consumers.Single().Ssrc));
        await SfuTestWait.UntilAsync(() => origin.KeyFrameRequestsAbsorbed > absorbedBefore, Wait);
        Assert.Equal(requestsBefore + 1, _origin.PipeKeyFrameRequests);
        Assert.Equal(0, origin.KeyFrameRequestsSent);
        Assert.False(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, TimeSpan.FromMilliseconds(300), out _),
            "an edge's keyframe request reached the publisher");
        Assert.NotEqual(0u, ticket.Ssrc);
    }

    [Fact]
    public async Task Pipe_PacketsLostOnPipe_EdgeNacksOriginResendsSubscriberGetsThemAll()
    {
        _origin.Dispose();
        _origin = new SfuServer(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1), DropForwardedVideoPercent = 30 });
        SfuTestPeer alice = await PublishAsync();
        OpenPipe();
        SfuTestPeer bob = await SubscribeOnEdgeAsync("bob");
        for (int i = 0; i < 20 && !bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(300)); i++)
        {
            // Keyframes until one crosses the lossy pipe and starts bob's consumer.
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, _sequence++, _timestamp += 3000, keyFrame: true, fill: 0));
        }

        while (bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(300))) { }
        const int Watched = 40;
        for (int i = 1; i <= Watched + 10; i++)
        {
            alice.SendRtp(Vp8(CameraSsrc, _sequence++, fill: (byte)i)); // the last 10 reveal losses among the first 40
        }

        var fills = new HashSet<byte>();
        var deadline = DateTime.UtcNow + Wait;
        while (Enumerable.Range(1, Watched).Any(i => !fills.Contains((byte)i)) && DateTime.UtcNow < deadline)
        {
            if (bob.Rtp.TryTake(out byte[]? packet, TimeSpan.FromMilliseconds(100)))
            {
                fills.Add(Parse(packet!).GetPayload(packet!)[5]);
            }
        }

        Assert.All(Enumerable.Range(1, Watched), i => Assert.Contains((byte)i, fills));
        Assert.True(_origin.GetDropCount(SfuDropReason.TestHook) > 0, "nothing was lost on the pipe");
        Assert.True(_origin.PipeRetransmissions > 0, "the origin resent nothing");
    }

    [Fact]
    public async Task Pipe_ForgedStrayAndReplayedPackets_DroppedAndCounted()
    {
        SfuTestPeer alice = await PublishAsync();
        PipeTicket ticket = OpenPipe();
        SfuTestPeer bob = await SubscribeOnEdgeAsync("bob");
        SendAndCheck(alice, [bob], count: 3);
        SocketAddress originAddress = _origin.LocalEndPoint.Serialize();
        long accepted = _edge.PipePacketsReceived;

        // A packet protected with the pipe's real key but sent from a stranger's address never reaches the pipe.
        byte[] valid = ProtectForPipe(ticket, Vp8(ticket.Ssrc, 30000, fill: 0x55));
        using (var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            stranger.SendTo(valid, _edge.LocalEndPoint);
        }

        await WaitUntilAsync(() => _edge.GetDropCount(SfuDropReason.UnknownAddress) == 1);

        // From the origin's address (injected: the test cannot send from that socket): forged tag, unknown SSRC, not RTP.
        byte[] forged = valid.ToArray();
        forged[^1] ^= 0x01;
        _edge.OnDatagram(forged, originAddress);
        _edge.OnDatagram(ProtectForPipe(ticket, Vp8(ticket.Ssrc ^ 0x5A5A, 30001, fill: 1)), originAddress);
        _edge.OnDatagram(new byte[] { 22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, originAddress); // DTLS record
        _edge.OnDatagram(new byte[] { 0xFF, 1, 2, 3 }, originAddress); // junk by RFC 7983

        // The genuine packet is accepted once; the same datagram again is a replay.
        _edge.OnDatagram(valid, originAddress);
        _edge.OnDatagram(valid, originAddress);

        Assert.Equal(1, _edge.GetDropCount(SfuDropReason.PipeForged));
        Assert.Equal(1, _edge.GetDropCount(SfuDropReason.PipeUnknownStream));
        Assert.Equal(2, _edge.GetDropCount(SfuDropReason.PipeRejected));
        Assert.Equal(1, _edge.GetDropCount(SfuDropReason.Junk));
        Assert.Equal(accepted + 1, _edge.PipePacketsReceived);
        Assert.True(bob.Rtp.TryTake(out byte[]? forwarded, Wait), "the genuine pipe packet was not forwarded");
        Assert.Equal(0x55, Parse(forwarded!).GetPayload(forwarded!)[5]);
        Assert.False(bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(200)), "a rejected pipe packet was forwarded");
    }

    [Fact]
    public async Task Pipe_LastEdgeSubscriberLeavesThenIdleClosed_BothSidesClosedAndNothingCrosses()
    {
        SfuTestPeer alice = await PublishAsync();
        PipeTicket ticket = OpenPipe();
        SfuTestPeer bob = await SubscribeOnEdgeAsync("bob");
        SendAndCheck(alice, [bob], count: 3);
        Assert.Empty(EdgeRoom.CloseIdlePipeProducers());

        EdgeRoom.CloseParticipant("bob");
        Assert.Equal([Camera], EdgeRoom.CloseIdlePipeProducers());
        Assert.True(OriginRoom.StopPipe(Camera, _edge.LocalEndPoint));
        Assert.Equal(0, _edge.PipeCount);
        Assert.Equal(0, _origin.PipeCount);
        Assert.Null(EdgeRoom.GetProducer(Camera));

        long sent = _origin.PipePacketsSent;
        alice.SendRtp(Vp8(CameraSsrc, _sequence++, fill: 1));
        await Task.Delay(200);
        Assert.Equal(sent, _origin.PipePacketsSent);
        Assert.NotNull(OriginRoom.CreatePipeTicket(Camera));
        Assert.NotEqual(ticket.MediaKey, OriginRoom.CreatePipeTicket(Camera)!.MediaKey);
    }

    [Fact]
    public async Task Pipe_PublisherReconnectsWithNewCertificate_OriginStopsThePipeOfTheOldProducer()
    {
        await PublishAsync();
        OpenPipe();
        Assert.Equal([Camera], OriginRoom.PipedTo(_edge.LocalEndPoint));

        // A new RTCPeerConnection (new fingerprint) replaces the transport: the producer is new, its pipe is gone.
        var again = new SfuTestPeer(_origin.LocalEndPoint);
        _peers.Add(again);
        NegotiationResult renegotiated = OriginRoom.Negotiate("alice", again.Offer("camera"), RouterNegotiateTests.CameraAndMic, null);
        Assert.True(renegotiated.Succeeded, renegotiated.Error);
        Assert.Contains(Camera, renegotiated.ClosedProducerIds);
        Assert.Empty(OriginRoom.PipedTo(_edge.LocalEndPoint));
        Assert.Equal(0, OriginRoom.PipeSenderCount);
        Assert.Equal(0, _origin.PipeCount);
        Assert.Equal(1, _edge.PipeCount); // until the control plane tells the edge (MediaRouterGrain's sync)
    }

    [Fact]
    public async Task Pipe_AfterWarmUp_AllocatesNothingPerPacketOnEitherSide()
    {
        SfuTestPeer alice = await PublishAsync();
        PipeTicket ticket = OpenPipe();
        SfuTestPeer bob = await SubscribeOnEdgeAsync("bob");
        SendAndCheck(alice, [bob], count: 3);
        const int WarmUp = 50;
        const int Measured = 300;

        // Origin: the publisher's packets go into the pipe (the edge handles them on its own receive thread).
        byte[][] published = Enumerable.Range(0, WarmUp + Measured).Select(_ => alice.ProtectRtp(Vp8(CameraSsrc, _sequence++, fill: 2))).ToArray();
        long edgeReceived = _edge.PipePacketsReceived;
        long originAllocated = MeasureAllocations(_origin, published, alice.LocalEndPoint.Serialize(), WarmUp);
        long arrived = await WaitUntilQuietAsync(() => _edge.PipePacketsReceived); // a burst on loopback may lose a few

        // Edge: pipe datagrams as they come from the origin, injected while the pipe is otherwise quiet.
        ushort next = (ushort)(_sequence + 1000);
        byte[][] piped = Enumerable.Range(0, WarmUp + Measured).Select(i => ProtectForPipe(ticket, Vp8(ticket.Ssrc, (ushort)(next + i), fill: 3))).ToArray();
        long edgeAllocated = MeasureAllocations(_edge, piped, _origin.LocalEndPoint.Serialize(), WarmUp);

        Assert.Equal(0, originAllocated);
        Assert.Equal(0, edgeAllocated);
        Assert.True(arrived > edgeReceived, "nothing crossed the pipe");
        Assert.Equal(arrived + WarmUp + Measured, _edge.PipePacketsReceived);
    }

    private static long MeasureAllocations(SfuServer server, byte[][] datagrams, SocketAddress from, int warmUp)
    {
        for (int i = 0; i < warmUp; i++)
        {
            server.OnDatagram(datagrams[i], from);
        }

        int perBatch = (datagrams.Length - warmUp) / SteadyStateAllocations.Batches;
        return SteadyStateAllocations.Least(batch =>
        {
            for (int i = warmUp + batch * perBatch; i < warmUp + (batch + 1) * perBatch; i++)
            {
                server.OnDatagram(datagrams[i], from);
            }
        });
    }

    private async Task<SfuTestPeer> PublishAsync()
    {
        var (alice, _) = await SfuTestConnect.ConnectAsync(_origin, OriginRoom, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        return alice;
    }

    private PipeTicket OpenPipe()
    {
        PipeTicket ticket = OriginRoom.CreatePipeTicket(Camera)!;
        Assert.Null(EdgeRoom.OpenPipeProducer(ticket, _origin.LocalEndPoint));
        Assert.Null(OriginRoom.StartPipe(ticket, _edge.LocalEndPoint));
        return ticket;
    }

    private async Task<SfuTestPeer> SubscribeOnEdgeAsync(string name)
    {
        var peer = new SfuTestPeer(_edge.LocalEndPoint);
        _peers.Add(peer);
        NegotiationResult subscribed = EdgeRoom.Negotiate(name, peer.Offer("recvonly"), null, new Dictionary<string, string> { ["1"] = Camera });
        Assert.True(subscribed.Succeeded, subscribed.Error);
        Assert.Contains($" {_edge.LocalEndPoint.Port} typ host", subscribed.AnswerSdp!);
        await peer.ConnectAsync(subscribed.AnswerSdp!);
        await WaitUntilAsync(() => EdgeRoom.GetTransport(name)!.IsConnected);
        return peer;
    }

    /// <summary>Sends a keyframe and more from the publisher; every subscriber decrypts all of them, in order, same payloads.</summary>
    private void SendAndCheck(SfuTestPeer alice, IReadOnlyList<SfuTestPeer> subscribers, int count)
    {
        foreach (SfuTestPeer subscriber in subscribers)
        {
            while (subscriber.Rtp.TryTake(out _)) { }
        }

        byte firstFill = (byte)_sequence;
        for (int i = 0; i < count; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, _sequence++, _timestamp, keyFrame: i == 0, fill: (byte)(firstFill + i)));
            _timestamp += 3000;
        }

        foreach (SfuTestPeer subscriber in subscribers)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(subscriber.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} did not reach a subscriber");
                Assert.Equal((byte)(firstFill + i), Parse(packet!).GetPayload(packet!)[5]);
            }
        }
    }

    private byte[] Vp8(uint ssrc, ushort sequence, byte fill) =>
        SfuTestPeer.Vp8Packet(ssrc, sequence, _timestamp += 3000, keyFrame: false, fill);

    private static byte[] ProtectForPipe(PipeTicket ticket, byte[] plain)
    {
        using var context = new SrtpContext(new SrtpMasterKey(PipeTicket.Profile, ticket.MediaKey, ticket.MediaSalt));
        var buffer = new byte[plain.Length + 32];
        plain.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtp(buffer, plain.Length, out int length));
        return buffer[..length];
    }

    private static RtpHeader Parse(byte[] packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        return header;
    }

    /// <summary>Waits until <paramref name="count"/> has not changed for 300 ms; returns its value.</summary>
    private static async Task<long> WaitUntilQuietAsync(Func<long> count)
    {
        var deadline = DateTime.UtcNow + Wait;
        long last = -1;
        while (count() is var now && now != last)
        {
            Assert.True(DateTime.UtcNow < deadline, "the count kept changing");
            last = now;
            await Task.Delay(300);
        }

        return last;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => SfuTestWait.UntilAsync(condition, Wait);
}
