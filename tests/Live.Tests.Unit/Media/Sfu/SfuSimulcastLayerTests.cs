using System.Text;
using Live.Media.Rtp;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A simulcast publisher (the captured Chromium offer: rids q, h, f, no a=ssrc) over loopback: the producer holds the
/// three layers and learns their SSRCs from the rid header extension; the first layer seen is the primary stream; a
/// consumer forwards only the layer it chose (SfuSimulcastForwardingTests covers its switches); bad rids and rebinding
/// attempts are dropped, counted, and change nothing.
/// </summary>
public sealed class SfuSimulcastLayerTests : IDisposable
{
    // The captured offer's extension ids (the answer keeps them): mid 4, rtp-stream-id 10, repaired-rtp-stream-id 11.
    private const byte MidId = 4;
    private const byte RidId = 10;
    private const byte RepairedRidId = 11;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly SfuServer _server = new(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero });
    private readonly List<SfuTestPeer> _peers = [];

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task SimulcastOffer_PacketsOfThreeRids_ProducerLearnsEachLayerConsumerForwardsOnlyItsLayer()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, answer) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Assert.Contains("a=simulcast:recv q;h;f", answer.AnswerSdp);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Producer camera = room.GetProducer("alice:Camera")!;
        Assert.Equal(["q", "h", "f"], camera.Layers.Select(l => l.Rid));
        Assert.All(camera.Layers, l => Assert.Equal(0u, l.Ssrc));
        room.GetTransport("bob")!.Consumers.Single().SetTargetLayer(1); // h: the other layers are not bob's

        alice.SendRtp(Packet(ssrc: 1001, rid: "h", sequence: 10, keyFrame: true)); // h arrives first
        Assert.True(bob.Rtp.TryTake(out _, Wait), "the first layer seen was not forwarded");
        long notForwardedBefore = _server.GetDropCount(SfuDropReason.SimulcastLayerNotForwarded);
        alice.SendRtp(Packet(ssrc: 1000, rid: "q", sequence: 20, keyFrame: true));
        alice.SendRtp(Packet(ssrc: 1002, rid: "f", sequence: 30, keyFrame: true));
        alice.SendRtp(Packet(ssrc: 1000, rid: null, sequence: 21, keyFrame: false)); // later packets need no rid
        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.SimulcastLayerNotForwarded) - notForwardedBefore >= 3, Wait);

        Assert.Equal([1000u, 1001u, 1002u], camera.Layers.Select(l => l.Ssrc));
        Assert.Equal(1001u, camera.Ssrc);
        alice.SendRtp(Packet(ssrc: 1001, rid: null, sequence: 11, keyFrame: false));
        Assert.True(bob.Rtp.TryTake(out byte[]? second, Wait), "the forwarded layer stopped");
        Assert.True(RtpHeader.TryParse(second!, out RtpHeader header));
        Assert.Equal(room.GetTransport("bob")!.Consumers.Single().Ssrc, header.Ssrc);
        Assert.False(bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(200)), "a second layer reached the subscriber");
    }

    [Theory]
    [InlineData("x")]                 // names no layer
    [InlineData("qq")]
    [InlineData("abcdefghijklmnop")]  // 16 bytes, no such rid
    [InlineData("")]                  // empty element (RFC 8285 one-byte form cannot even say it: length 1 minimum)
    public async Task UnknownRid_Dropped_CountedLayersUnchanged(string rid)
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        long before = _server.GetDropCount(SfuDropReason.SimulcastUnknownRid) + _server.GetDropCount(SfuDropReason.NoProducer)
            + _server.GetDropCount(SfuDropReason.RtpMalformed);

        alice.SendRtp(Packet(ssrc: 2000, rid: rid, sequence: 1, keyFrame: true));
        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.SimulcastUnknownRid) + _server.GetDropCount(SfuDropReason.NoProducer)
            + _server.GetDropCount(SfuDropReason.RtpMalformed) > before, Wait);

        Assert.All(camera.Layers, l => Assert.Equal(0u, l.Ssrc));
        Assert.Equal(0u, camera.Ssrc);
    }

    [Fact]
    public async Task BoundLayer_AnotherSsrcClaimsItsRid_DroppedLayerKeepsItsSsrc()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        alice.SendRtp(Packet(ssrc: 3000, rid: "q", sequence: 1, keyFrame: true));
        await SfuTestWait.UntilAsync(() => camera.Ssrc == 3000, Wait);
        long before = _server.GetDropCount(SfuDropReason.SimulcastUnknownRid);

        for (int i = 0; i < 50; i++)
        {
            alice.SendRtp(Packet(ssrc: (uint)(4000 + i), rid: "q", sequence: (ushort)i, keyFrame: true)); // a flood claiming q
        }

        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.SimulcastUnknownRid) - before >= 50, Wait);
        Assert.Equal(3000u, camera.Layers[0].Ssrc);
        Assert.Equal(3000u, camera.Ssrc);
        Assert.All(camera.Layers.Skip(1), l => Assert.Equal(0u, l.Ssrc));
    }

    [Fact]
    public async Task RepairStream_RepairedRidOfForwardedLayer_BecomesItsRtx()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        alice.SendRtp(Packet(ssrc: 5000, rid: "f", sequence: 1, keyFrame: true));
        await SfuTestWait.UntilAsync(() => camera.Ssrc == 5000, Wait);

        alice.SendRtp(Packet(ssrc: 5001, rid: "f", sequence: 7, keyFrame: false, repair: true));
        await SfuTestWait.UntilAsync(() => camera.Layers[2].RtxSsrc == 5001, Wait);

        Assert.Equal(5001u, camera.RtxSsrc);
    }

    private static byte[] Packet(uint ssrc, string? rid, ushort sequence, bool keyFrame, bool repair = false)
    {
        byte[] payload = new byte[repair ? 102 : 100];
        int offset = repair ? 2 : 0; // RFC 4588 §4: the original sequence number first
        payload[offset] = 0x10;
        payload[offset + 1] = keyFrame ? (byte)0x00 : (byte)0x01;
        var builder = new RtpPacketBuilder { PayloadType = repair ? (byte)97 : (byte)96, SequenceNumber = sequence, Timestamp = 90_000u + sequence, Ssrc = ssrc, Payload = payload };
        builder.AddExtension(MidId, "1"u8);
        if (rid is not null)
        {
            builder.AddExtension(repair ? RepairedRidId : RidId, Encoding.ASCII.GetBytes(rid));
        }

        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }
}
