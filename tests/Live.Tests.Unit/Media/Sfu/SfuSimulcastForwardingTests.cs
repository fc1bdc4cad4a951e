using System.Buffers.Binary;
using System.Text;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Simulcast;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A simulcast publisher over loopback sends three rid layers (q, h, f), each with its own SSRC, sequence numbers,
/// timestamps and VP8 picture numbers; a subscriber's consumer forwards one layer and is switched up and down by its
/// target. The subscriber must see one stream: one SSRC, sequence numbers without a gap, PictureID and TL0PICIDX that
/// continue by one, timestamps that only grow; a NACK after the switches gets the packet as first sent.
/// </summary>
public sealed class SfuSimulcastForwardingTests : IDisposable
{
    // The captured Chromium simulcast offer's extension ids (see SfuSimulcastLayerTests).
    private const byte MidId = 4;
    private const byte RidId = 10;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly string[] Rids = ["q", "h", "f"];

    // Each layer's own numbering; f's sequence numbers, timestamps and picture ids wrap during the test.
    private static readonly uint[] Ssrcs = [7000, 7001, 7002];
    private static readonly ushort[] FirstSequences = [100, 30_000, 65_530];
    private static readonly uint[] FirstTimestamps = [1000, 500_000, 4_294_950_000];
    private static readonly int[] FirstPictureIds = [10, 5000, 32_760];
    private static readonly int[] FirstTl0s = [0, 100, 250];

    private readonly SfuServer _server = new(new SfuOptions
    {
        Port = 0,
        KeyFrameCadence = TimeSpan.Zero,
        ReportInterval = TimeSpan.FromMilliseconds(200), // sender reports to the subscriber come soon after a switch
    });
    private readonly List<SfuTestPeer> _peers = [];

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task ThreeLayers_ForcedUpAndDownSwitches_SubscriberSeesOneContinuousStream()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Consumer consumer = room.GetTransport("bob")!.Consumers.Single();
        Assert.True(consumer.IsSimulcast);
        consumer.SetTargetLayer(0);
        double switchesBefore = SfuMetrics.SimulcastLayerSwitches;

        // Frames 0–4: every layer starts with a keyframe; the consumer takes q.
        var received = new List<Received>();
        SendFrames(alice, 0, 5, keyFrameLayer: -1);
        received.AddRange(Take(bob, 5));
        Assert.All(received, r => Assert.Equal(0, r.Layer));
        Assert.Equal(0, consumer.CurrentLayer);

        // Up to f: q flows until f's keyframe, which the SFU asks the publisher for by f's SSRC (RFC 4585 §6.3.1).
        consumer.SetTargetLayer(2);
        SendFrames(alice, 5, 3, keyFrameLayer: -2);
        received.AddRange(Take(bob, 3));
        Assert.True(TryTakePli(alice, Ssrcs[2]), "no PLI for the target layer's SSRC");
        SendFrames(alice, 8, 4, keyFrameLayer: 2); // f's keyframe at frame 8, after q's packet of that frame
        received.AddRange(Take(bob, 5));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2], received.Select(r => r.Layer));
        Assert.Equal(2, consumer.CurrentLayer);
        int upSwitch = 9;

        // Down to h at h's next keyframe.
        consumer.SetTargetLayer(1);
        SendFrames(alice, 12, 2, keyFrameLayer: -2);
        SendFrames(alice, 14, 3, keyFrameLayer: 1);
        received.AddRange(Take(bob, 5));
        Assert.Equal([2, 2, 1, 1, 1], received.Skip(13).Select(r => r.Layer));
        Assert.Equal(1, consumer.CurrentLayer);

        Assert.All(received, r => Assert.Equal(consumer.Ssrc, r.Ssrc));
        for (int i = 1; i < received.Count; i++)
        {
            Received previous = received[i - 1], current = received[i];
            Assert.Equal((ushort)(previous.Sequence + 1), current.Sequence);
            Assert.Equal((previous.PictureId + 1) & 0x7FFF, current.PictureId);
            Assert.Equal((previous.Tl0 + 1) & 0xFF, current.Tl0);
            Assert.True((int)(current.Timestamp - previous.Timestamp) > 0, $"timestamp went back at packet {i}");
        }

        Assert.Equal(2, consumer.LayerSwitches);
        Assert.True(SfuMetrics.SimulcastLayerSwitches - switchesBefore >= 2);

        // A NACK for f's keyframe (sent before the switch down) is answered from f's history as first sent.
        Received keyFrame = received[upSwitch];
        bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, keyFrame.Sequence));
        Assert.True(bob.Rtp.TryTake(out byte[]? repair, Wait), "the NACK was not answered");
        Received resent = Parse(repair!, consumer);
        Assert.Equal(keyFrame with { Ssrc = consumer.Ssrc }, resent with { Ssrc = consumer.Ssrc });
        Assert.Equal(2, resent.Layer);
        Assert.False(bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(200)), "a second layer reached the subscriber");
    }

    [Fact]
    public async Task GapInANonPrimaryLayer_NackedForThatLayersSsrc()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        SendFrames(alice, 0, 2, keyFrameLayer: -1); // q becomes the primary layer; h and f bind after it
        alice.SendRtp(LayerPacket(1, 3, keyFrame: false)); // h's frame 2 lost

        ushort lost = (ushort)(FirstSequences[1] + 2);
        DateTime deadline = DateTime.UtcNow + Wait;
        bool nacked = false;
        while (!nacked && DateTime.UtcNow < deadline)
        {
            nacked = SfuTestRtcp.TryTake(alice, RtcpPacketType.TransportFeedback, TimeSpan.FromMilliseconds(200), out byte[] feedback)
                && GenericNack.TryParse(feedback, out GenericNack nack)
                && nack.MediaSsrc == Ssrcs[1]
                && nack.GetLostSequenceNumbers().SequenceEqual([lost]);
        }

        Assert.True(nacked, "no NACK naming h's SSRC and its lost packet");
    }

    [Fact]
    public async Task AfterASwitch_SenderReportMapsTheNewLayersSrIntoTheConsumersTimestamps()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Consumer consumer = room.GetTransport("bob")!.Consumers.Single();
        consumer.SetTargetLayer(0);
        SendFrames(alice, 0, 3, keyFrameLayer: -1);
        Take(bob, 3);

        // f's SR puts its frame 3 one second later on the NTP clock than the packets suggest (RFC 3550 §6.4.1): the
        // consumer's SR must follow that mapping, in its own timestamps, once it forwards f.
        const uint Ahead = 90_000;
        var report = new SenderReport { Ssrc = Ssrcs[2], NtpTimestamp = 1UL << 40, RtpTimestamp = FirstTimestamps[2] + 3 * 3000 + Ahead };
        var bytes = new byte[report.GetSerializedSize()];
        report.WriteTo(bytes);
        alice.SendRtcp(bytes);
        var sinceReport = System.Diagnostics.Stopwatch.StartNew();
        consumer.SetTargetLayer(2);
        SendFrames(alice, 3, 2, keyFrameLayer: 2);
        List<Received> afterSwitch = Take(bob, 3); // q3, then f3 (the switch) and f4
        Assert.Equal([0, 2, 2], afterSwitch.Select(r => r.Layer));
        uint frame3 = afterSwitch[1].Timestamp;

        bool mapped = false;
        DateTime deadline = DateTime.UtcNow + Wait;
        while (!mapped && DateTime.UtcNow < deadline)
        {
            if (SfuTestRtcp.TryTake(bob, RtcpPacketType.SenderReport, TimeSpan.FromMilliseconds(300), out byte[] packet)
                && SenderReport.TryParse(packet, out SenderReport sent) && sent.Ssrc == consumer.Ssrc)
            {
                double expected = frame3 + Ahead + sinceReport.Elapsed.TotalSeconds * 90_000;
                mapped = Math.Abs((int)(sent.RtpTimestamp - (uint)expected)) < 0.3 * 90_000;
            }
        }

        Assert.True(mapped, "no sender report mapped through f's SR and the consumer's timestamp offset");
    }

    /// <summary>What the subscriber saw of one packet, its RTX form restored (RFC 4588 §4).</summary>
    private sealed record Received(uint Ssrc, ushort Sequence, uint Timestamp, int PictureId, int Tl0, int Layer);

    /// <summary>
    /// Sends frames <paramref name="from"/>… of all three layers, one packet per layer and frame, in layer order. The
    /// first frame is a keyframe of every layer when <paramref name="keyFrameLayer"/> is -1, of that layer when it is
    /// one, of none when -2.
    /// </summary>
    internal static void SendFrames(SfuTestPeer alice, int from, int count, int keyFrameLayer, int[]? fillLengths = null)
    {
        for (int frame = from; frame < from + count; frame++)
        {
            for (int layer = 0; layer < 3; layer++)
            {
                bool keyFrame = frame == from && (keyFrameLayer == -1 || keyFrameLayer == layer);
                alice.SendRtp(LayerPacket(layer, frame, keyFrame, fillLengths?[layer] ?? 20));
            }
        }
    }

    internal static byte[] LayerPacket(int layer, int frame, bool keyFrame, int fillLength = 20)
    {
        byte[] payload = Vp8TestPayloads.Create((FirstPictureIds[layer] + frame) & 0x7FFF, (FirstTl0s[layer] + frame) & 0xFF,
            keyFrame, fill: (byte)layer, fillLength: fillLength);
        var builder = new RtpPacketBuilder
        {
            PayloadType = 96,
            SequenceNumber = (ushort)(FirstSequences[layer] + frame),
            Timestamp = FirstTimestamps[layer] + (uint)(frame * 3000),
            Ssrc = Ssrcs[layer],
            Marker = true,
            Payload = payload,
        };
        builder.AddExtension(MidId, "1"u8);
        builder.AddExtension(RidId, Encoding.ASCII.GetBytes(Rids[layer])); // RFC 8852 §3.1, on every packet for simplicity
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }

    private static List<Received> Take(SfuTestPeer bob, int count, Consumer? consumer = null)
    {
        var taken = new List<Received>();
        for (int i = 0; i < count; i++)
        {
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i + 1} of {count} not forwarded");
            taken.Add(Parse(packet!, consumer));
        }

        return taken;
    }

    private static Received Parse(byte[] packet, Consumer? consumer)
    {
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        ushort sequence = header.SequenceNumber;
        uint ssrc = header.Ssrc;
        if (consumer?.RtxSsrc is uint rtx && header.Ssrc == rtx)
        {
            sequence = BinaryPrimitives.ReadUInt16BigEndian(payload);
            payload = payload[RtpForwardWriter.RtxHeaderSize..];
            ssrc = consumer.Ssrc;
        }

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8));
        return new Received(ssrc, sequence, header.Timestamp, vp8.PictureId, vp8.Tl0PicIdx, Layer: payload[^1]);
    }

    private static bool TryTakePli(SfuTestPeer alice, uint mediaSsrc)
    {
        DateTime deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, TimeSpan.FromMilliseconds(200), out byte[] feedback)
                && (feedback[0] & 0x1F) == RtcpPacketType.PictureLossFormat
                && BinaryPrimitives.ReadUInt32BigEndian(feedback.AsSpan(8)) == mediaSsrc)
            {
                return true;
            }
        }

        return false;
    }
}
