using System.Buffers.Binary;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Transport-wide congestion control feedback over real loopback UDP: a publisher built from our own layers sends RTP
/// carrying transport-wide sequence numbers (extmap 3 in the captured Chromium camera offer) and gets SRTCP-protected
/// transport feedback that reports every packet, RTX padding included, and the lost one as not received.
/// </summary>
public sealed class SfuTransportFeedbackTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private const uint CameraRtxSsrc = 1261702253; // its FID partner
    private const byte TransportWideCcId = 3; // a=extmap:3 …transport-wide-cc… in the captured offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<SfuTestPeer> _peers = [];
    private SfuServer _server = new(new SfuOptions { Port = 0 });

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task Publisher_SendsPacketsWithTransportSequence_GetsFeedbackForEveryOneAndTheLostOne()
    {
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, Room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        while (alice.Rtcp.TryTake(out _)) { }

        // Transport sequence 0..29 without 7; the RTP sequence stays contiguous so that no NACK mixes in.
        ushort rtpSequence = 100;
        for (ushort twcc = 0; twcc < 30; twcc++)
        {
            if (twcc == 7)
            {
                continue;
            }

            byte[] packet = twcc == 20
                ? Packet(CameraRtxSsrc, 97, 5000, twcc, payload: [], padding: 200) // RTX padding, as a probing browser sends
                : Packet(CameraSsrc, 96, rtpSequence++, twcc, payload: new byte[300], padding: 0);
            alice.SendRtp(packet);
            await Task.Delay(5);
        }

        // Feedback goes out with the first packet after the interval: one more, later, reports the tail.
        await Task.Delay(_server.Options.TransportFeedbackInterval * 2);
        alice.SendRtp(Packet(CameraSsrc, 96, rtpSequence, 30, payload: new byte[300], padding: 0));

        var statuses = new Dictionary<ushort, TwccPacketStatus>();
        var counts = new List<byte>();
        var deadline = DateTime.UtcNow + Wait;
        while (statuses.Count(s => s.Value != TwccPacketStatus.NotReceived) < 30 && DateTime.UtcNow < deadline)
        {
            if (!SfuTestRtcp.TryTake(alice, RtcpPacketType.TransportFeedback, TimeSpan.FromSeconds(1), out byte[] rtcp)
                || !TransportWideFeedback.TryParse(rtcp, out TransportWideFeedback feedback))
            {
                continue;
            }

            Assert.Equal(Room.GetTransport("alice")!.RtcpSsrc, feedback.SenderSsrc);
            counts.Add(feedback.FeedbackPacketCount);
            for (int i = 0; i < feedback.Statuses.Count; i++)
            {
                ushort sequence = (ushort)(feedback.BaseSequenceNumber + i);
                if (!statuses.TryGetValue(sequence, out TwccPacketStatus known) || known == TwccPacketStatus.NotReceived)
                {
                    statuses[sequence] = feedback.Statuses[i];
                }
            }
        }

        Assert.Equal(30, statuses.Count(s => s.Value != TwccPacketStatus.NotReceived));
        Assert.Equal(TwccPacketStatus.NotReceived, statuses[7]);
        Assert.NotEqual(TwccPacketStatus.NotReceived, statuses[20]);
        Assert.Equal(Enumerable.Range(0, counts.Count).Select(i => (byte)i), counts);
        Assert.True(counts.Count >= 2, $"{counts.Count} feedback(s) for packets sent over ~150 ms at a 50 ms interval");
        Assert.Equal(counts.Count, Room.GetTransport("alice")!.TransportFeedbackSent);
        Assert.Equal(0, _server.GetDropCount(SfuDropReason.RtpMalformed)); // the padding-only RTX probe is no malformed packet
    }

    [Fact]
    public async Task Subscriber_WithoutProducers_GetsNoTransportFeedback()
    {
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, Room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, Room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });

        for (ushort i = 0; i < 10; i++)
        {
            alice.SendRtp(Packet(CameraSsrc, 96, (ushort)(10 + i), i, payload: KeyFramePayload(i == 0), padding: 0));
        }

        // The moment feedback could have reached bob: alice's feedback arrived and bob got the forwarded packets.
        Assert.True(SfuTestRtcp.TryTake(alice, RtcpPacketType.TransportFeedback, Wait, out _), "the publisher got no feedback");
        Assert.True(bob.Rtp.TryTake(out _, Wait), "nothing forwarded to the subscriber");
        Assert.False(SfuTestRtcp.TryTake(bob, RtcpPacketType.TransportFeedback, TimeSpan.FromMilliseconds(500), out _));
        Assert.Equal(0, Room.GetTransport("bob")!.TransportFeedbackSent);
    }

    [Fact]
    public async Task ReceivePathWithFeedback_AfterWarmUp_AllocatesNothingPerPacket()
    {
        _server.Dispose();
        _server = new SfuServer(new SfuOptions { Port = 0, TransportFeedbackInterval = TimeSpan.FromTicks(1) });
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, Room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        const int WarmUp = 50;
        const int Measured = 400;
        var datagrams = new byte[WarmUp + Measured][];
        for (int i = 0; i < datagrams.Length; i++)
        {
            datagrams[i] = alice.ProtectRtp(Packet(CameraSsrc, 96, (ushort)(2000 + i), (ushort)i, payload: new byte[200], padding: 0));
        }

        long allocated = SfuReceivePathAllocations.Measure(_server, alice.LocalEndPoint.Serialize(), datagrams, WarmUp);

        Assert.Equal(0, allocated);
        Assert.True(Room.GetTransport("alice")!.TransportFeedbackSent >= Measured / 2);
    }

    private static byte[] KeyFramePayload(bool keyFrame)
    {
        byte[] payload = new byte[200];
        payload[0] = 0x10; // RFC 7741 §4.2: S=1, PID=0
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01; // §4.3: P bit 0 = keyframe
        return payload;
    }

    private static byte[] Packet(uint ssrc, byte payloadType, ushort sequence, ushort transportSequence, byte[] payload, byte padding)
    {
        var builder = new RtpPacketBuilder
        {
            PayloadType = payloadType, SequenceNumber = sequence, Timestamp = 90_000, Ssrc = ssrc, Payload = payload, PaddingLength = padding,
        };
        byte[] value = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, transportSequence);
        builder.AddExtension(TransportWideCcId, value);
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }
}
