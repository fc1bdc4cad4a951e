using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;
using Xunit.Abstractions;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Send-side bandwidth estimation towards a subscriber over real loopback UDP with a manual clock: the SFU stamps every
/// packet it forwards to Bob with one transport-wide sequence (extmap 3 in the captured Chromium recvonly offer), Bob
/// plays the browser's transport-cc feedback with arrival times the test decides, and Bob's transport turns it into
/// <see cref="WebRtcTransport.EstimatedBitrate"/> (draft-ietf-rmcat-gcc-02): rising on a clean link, falling when the
/// feedback shows a growing queue or losses.
/// </summary>
public sealed class SfuBandwidthEstimationTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private const uint MicrophoneSsrc = 1094172593;
    private const byte TransportWideCcId = 3; // a=extmap:3 …transport-wide-cc… in the captured recvonly offer
    private const int PacketsPerFeedback = 20; // every 100 ms of 5 ms packets, Chromium's feedback period
    private const int VideoPayloadBytes = 1000; // ~1.65 Mbit/s on the wire at one packet per 5 ms
    private const long PathDelayUs = 20_000;
    private static readonly TimeSpan PacketInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly List<SfuTestPeer> _peers = [];
    private readonly SfuTestTransportFeedback _feedback = new(TransportWideCcId);
    private ushort _videoSequence = 1000;
    private uint _videoTimestamp = 9000;
    private long _queueDelayUs;
    private int _forwarded;

    public SfuBandwidthEstimationTests(ITestOutputHelper output)
    {
        _output = output;
        _server = new SfuServer(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1) }, _time);
    }

    private Router Room => _server.GetOrCreateRouter("room");

    private long NowUs => _time.GetElapsedTime(0, _time.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task Forwarded_AudioAndVideo_CarryOneTransportWideSequenceAcrossConsumers()
    {
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, Room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, Room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["0"] = "alice:Microphone", ["1"] = "alice:Camera" });
        WebRtcTransport transport = Room.GetTransport("bob")!;
        Assert.Equal(TransportWideCcId, transport.OutgoingTransportWideCcExtensionId);
        Assert.Null(transport.EstimatedBitrate);

        alice.SendRtp(Video(keyFrame: true));
        for (ushort i = 0; i < 10; i++)
        {
            alice.SendRtp(Audio((ushort)(500 + i)));
            alice.SendRtp(Video(keyFrame: false));
        }

        var ssrcs = new HashSet<uint>();
        for (int i = 0; i < 21; i++)
        {
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} not forwarded");
            Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
            ssrcs.Add(header.Ssrc);
            _feedback.Record(packet!, NowUs);
        }

        // One counter for the transport: consecutive whatever the consumer (draft-holmer-…-01 §2), from the first packet.
        Assert.Equal(Enumerable.Range(_feedback.Seen[0], 21).Select(s => (ushort)s), _feedback.Seen);
        Assert.Equal(transport.Consumers.Select(c => c.Ssrc).Order(), ssrcs.Order());
        Assert.Null(transport.EstimatedBitrate); // no feedback yet
    }

    [Fact]
    public async Task CleanLink_EstimateRises_ThenGrowingQueue_EstimateDrops()
    {
        (SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport) = await ConnectAsync();

        await ForwardAsync(alice, bob, transport, PacketsPerFeedback);
        long first = Assert.NotNull(transport.EstimatedBitrate);
        await ForwardAsync(alice, bob, transport, 580); // 3 s of a clean link in all
        long peak = transport.EstimatedBitrate!.Value;
        Assert.True(peak > first * 1.1, $"clean link: {first} → {peak} bit/s");

        // Each packet now waits 3 ms longer than the one before (a bottleneck at ~60 % of the sending rate): over-use.
        await ForwardAsync(alice, bob, transport, 200, queueGrowthUs: 3_000);
        long congested = transport.EstimatedBitrate!.Value;
        _output.WriteLine($"estimate: first {first}, after 3 s clean {peak}, after 1 s of a growing queue {congested} bit/s");
        Assert.True(congested < peak * 0.9, $"growing queue: {peak} → {congested} bit/s");
        Assert.True(transport.TransportFeedbackReceived >= 40);
    }

    [Fact]
    public async Task CleanLink_ThenQuarterOfPacketsLost_EstimateDrops()
    {
        (SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport) = await ConnectAsync();

        await ForwardAsync(alice, bob, transport, 400); // 2 s clean
        long clean = Assert.NotNull(transport.EstimatedBitrate);
        Assert.True(clean > 1_000_000, $"clean link: {clean} bit/s");

        // §6: above 10 % loss the loss-based estimate falls by half the loss fraction at each ~1 s report.
        await ForwardAsync(alice, bob, transport, 600, lossEvery: 4); // 3 s
        long lossy = transport.EstimatedBitrate!.Value;
        _output.WriteLine($"estimate: after 2 s clean {clean}, after 3 s of 25 % loss {lossy} bit/s");
        Assert.True(lossy < clean * 0.9, $"25 % loss: {clean} → {lossy} bit/s");
    }

    [Fact]
    public async Task FeedbackFromSubscriber_AfterWarmUp_AllocatesNothingPerPacket()
    {
        (SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport) = await ConnectAsync();
        const int WarmUp = 5;
        const int Measured = 8 * SteadyStateAllocations.Batches;
        const int PacketsEach = 10;
        var datagrams = new List<byte[]>();
        for (int f = 0; f < WarmUp + Measured; f++)
        {
            for (int i = 0; i < PacketsEach; i++)
            {
                _time.Advance(PacketInterval);
                alice.SendRtp(Video(keyFrame: f == 0 && i == 0));
                Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), "not forwarded");
                _feedback.Record(packet!, NowUs + PathDelayUs);
            }

            datagrams.Add(bob.ProtectRtcp(_feedback.Build(transport.Consumers.Single().Ssrc)));
        }

        long allocated = SfuReceivePathAllocations.Measure(_server, bob.LocalEndPoint.Serialize(), datagrams, WarmUp);

        Assert.Equal(0, allocated);
        Assert.Equal(WarmUp + Measured, transport.TransportFeedbackReceived);
        Assert.NotNull(transport.EstimatedBitrate);
    }

    private async Task<(SfuTestPeer Alice, SfuTestPeer Bob, WebRtcTransport Transport)> ConnectAsync()
    {
        var (alice, _, bob) = await SfuTestConnect.AliceToBobAsync(_server, Room, _peers, Wait);
        return (alice, bob, Room.GetTransport("bob")!);
    }

    /// <summary>
    /// Forwards <paramref name="packets"/> video packets one per 5 ms of the manual clock; Bob reports each as arrived
    /// after the path delay plus a queue growing by <paramref name="queueGrowthUs"/> per packet, or every
    /// <paramref name="lossEvery"/>-th as lost, in a feedback every <see cref="PacketsPerFeedback"/> packets that the test
    /// waits for the SFU to apply before the clock moves on.
    /// </summary>
    private async Task ForwardAsync(SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport, int packets,
        long queueGrowthUs = 0, int lossEvery = 0)
    {
        uint mediaSsrc = transport.Consumers.Single().Ssrc;
        for (int i = 0; i < packets; i++)
        {
            _time.Advance(PacketInterval);
            alice.SendRtp(Video(keyFrame: _forwarded == 0));
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {_forwarded} not forwarded");
            _forwarded++;
            _queueDelayUs += queueGrowthUs;
            bool lost = lossEvery > 0 && _forwarded % lossEvery == 0;
            _feedback.Record(packet!, lost ? null : NowUs + PathDelayUs + _queueDelayUs);
            if (_feedback.Count == PacketsPerFeedback)
            {
                long applied = transport.TransportFeedbackReceived;
                bob.SendRtcp(_feedback.Build(mediaSsrc));
                await SfuTestWait.UntilAsync(() => transport.TransportFeedbackReceived > applied, Wait);
            }
        }
    }

    private byte[] Video(bool keyFrame)
    {
        byte[] payload = new byte[VideoPayloadBytes];
        payload[0] = 0x10; // RFC 7741 §4.2: S=1, PID=0
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01; // §4.3: P bit 0 = keyframe
        _videoTimestamp += 450;
        return Build(CameraSsrc, 96, _videoSequence++, _videoTimestamp, payload);
    }

    private static byte[] Audio(ushort sequence) => Build(MicrophoneSsrc, 111, sequence, (uint)(sequence * 960), new byte[60]);

    private static byte[] Build(uint ssrc, byte payloadType, ushort sequence, uint timestamp, byte[] payload)
    {
        var builder = new RtpPacketBuilder { PayloadType = payloadType, SequenceNumber = sequence, Timestamp = timestamp, Ssrc = ssrc, Payload = payload };
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }
}
