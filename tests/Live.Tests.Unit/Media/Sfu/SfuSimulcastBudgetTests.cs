using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A consumer's bitrate budget picks its simulcast layer from the rates the SFU measures per layer (manual clock: one
/// measuring window is advanced by hand), with headroom needed to go above the current layer.
/// </summary>
public sealed class SfuSimulcastBudgetTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly int[] FillLengths = [100, 400, 1000]; // q, h, f: each layer well above the one below
    private const byte TransportWideCcId = 3; // a=extmap:3 …transport-wide-cc… in the captured recvonly offer

    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly List<SfuTestPeer> _peers = [];

    public SfuSimulcastBudgetTests()
    {
        _server = new SfuServer(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero }, _time);
    }

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task SetMaxBitrate_TargetIsTheHighestLayerThatFits()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Consumer consumer = room.GetTransport("bob")!.Consumers.Single();
        Producer camera = room.GetProducer("alice:Camera")!;
        consumer.SetTargetLayer(0); // stay on q while the rates are measured: the budget's headroom rule applies above it

        SfuSimulcastForwardingTests.SendFrames(alice, 0, 3, keyFrameLayer: -1, FillLengths);
        await SfuTestWait.UntilAsync(() => camera.Layers.All(l => l.Receiver is not null), Wait);
        await SfuTestWait.UntilAsync(() => consumer.CurrentLayer == 0, Wait);
        _time.Advance(TimeSpan.FromSeconds(1.1)); // the measuring window closes at the next packet of each layer
        SfuSimulcastForwardingTests.SendFrames(alice, 3, 1, keyFrameLayer: -2, FillLengths);
        long[] rates = [];
        await SfuTestWait.UntilAsync(() =>
        {
            rates = camera.Layers.Select(l => l.Receiver!.Bitrate.BitsPerSecond(_time.GetTimestamp())).ToArray();
            return rates.All(r => r > 0);
        }, Wait);
        Assert.True(rates[0] < rates[1] && rates[1] < rates[2], string.Join(", ", rates));

        Assert.Equal(0, consumer.SetMaxBitrate(rates[0] / 2));                   // nothing fits: the lowest
        Assert.Equal(0, consumer.SetMaxBitrate((long)(rates[1] * 1.1)));         // h fits, but not with headroom to climb
        Assert.Equal(1, consumer.SetMaxBitrate((long)(rates[1] * 1.3)));
        Assert.Equal(1, consumer.TargetLayer);
        Assert.Equal(2, consumer.SetMaxBitrate(rates[2] * 2));
        Assert.Equal(0, consumer.CurrentLayer); // a target only: the switch waits for the layer's keyframe
    }

    /// <summary>
    /// The subscriber's own transport-cc feedback drives its layer, by what it shows the path carries: Bob reports the
    /// packets he received, spread over 0.6 s; the estimate that results (the 1 Mbit/s start value at least) is far
    /// above what f measures here, but it is a guess, and what Bob acknowledged shows little, so the consumer stays on
    /// q. Since it could climb, the transport then probes: padding-only packets on Bob's RTX stream, each with a
    /// transport-wide sequence number, which his browser would count and discard.
    /// </summary>
    [Fact]
    public async Task SubscribersEstimate_StartValueIsNotSpent_StaysOnLowestLayerAndProbesWithRtxPadding()
    {
        const int Frames = 30;
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        WebRtcTransport transport = room.GetTransport("bob")!;
        Consumer consumer = transport.Consumers.Single();
        Producer camera = room.GetProducer("alice:Camera")!;
        Assert.NotNull(consumer.RtxSsrc);
        consumer.SetTargetLayer(0); // held on q until Bob's feedback sets the target

        // 30 frames in the first measuring window: layer rates of tens to hundreds of kbit/s, well above the 10 kbit/s
        // the verified rate adds to what was acknowledged.
        SfuSimulcastForwardingTests.SendFrames(alice, 0, Frames, keyFrameLayer: -1, FillLengths);
        await SfuTestWait.UntilAsync(() => camera.Layers.All(l => l.Receiver is not null) && consumer.CurrentLayer == 0, Wait);
        await SfuTestWait.UntilAsync(() => bob.Rtp.Count >= Frames, Wait);
        _time.Advance(TimeSpan.FromSeconds(1.1));
        SfuSimulcastForwardingTests.SendFrames(alice, Frames, 1, keyFrameLayer: -2, FillLengths);
        long topRate = 0;
        await SfuTestWait.UntilAsync(() => (topRate = camera.Layers[2].Receiver!.Bitrate.BitsPerSecond(_time.GetTimestamp())) > 0, Wait);
        Assert.Null(transport.EstimatedBitrate);

        var feedback = new SfuTestTransportFeedback(TransportWideCcId);
        long arrivalUs = _time.GetElapsedTime(0, _time.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond + 20_000;
        await SfuTestWait.UntilAsync(() => bob.Rtp.Count >= Frames + 1, Wait);
        while (bob.Rtp.TryTake(out byte[]? packet))
        {
            feedback.Record(packet, arrivalUs += 40_000); // 25 q packets a second: about 30 kbit/s acknowledged
        }

        bob.SendRtcp(feedback.Build(consumer.Ssrc));
        await SfuTestWait.UntilAsync(() => transport.EstimatedBitrate is not null && transport.VerifiedBitrate > 0, Wait);
        Assert.True(transport.EstimatedBitrate > topRate * 2, $"estimate {transport.EstimatedBitrate}, f measured {topRate}");
        long middleRate = camera.Layers[1].Receiver!.Bitrate.BitsPerSecond(_time.GetTimestamp());
        Assert.True(transport.VerifiedBitrate < middleRate, $"verified {transport.VerifiedBitrate}, h measured {middleRate}");
        Assert.Equal(0, consumer.TargetLayer);

        // The next forwarded packet starts a probe; padding follows as the clock runs (paced by forwarding).
        SfuSimulcastForwardingTests.SendFrames(alice, Frames + 1, 1, keyFrameLayer: -2, FillLengths);
        await SfuTestWait.UntilAsync(() => transport.ProbeCounts.Started == 1, Wait);
        _time.Advance(TimeSpan.FromMilliseconds(150));
        SfuSimulcastForwardingTests.SendFrames(alice, Frames + 2, 1, keyFrameLayer: -2, FillLengths);
        var padding = new List<(RtpHeader Header, byte[] Packet)>();
        await SfuTestWait.UntilAsync(() =>
        {
            while (bob.Rtp.TryTake(out byte[]? packet))
            {
                Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
                if (header.Ssrc == consumer.RtxSsrc)
                {
                    padding.Add((header, packet));
                }
            }

            return padding.Count > 0;
        }, Wait);
        Assert.All(padding, p => Assert.True(p.Header.HasPadding && p.Header.PayloadLength == 0, "a probe packet carries padding only"));
        Assert.All(padding, p => Assert.True(p.Header.TryGetExtension(p.Packet, TransportWideCcId, out _), "a probe packet carries a transport-wide sequence"));
        Assert.Equal(0, consumer.TargetLayer); // a probe only measures: the layer moves once its feedback shows room
    }

    [Fact]
    public async Task CurrentLayerStops_ConsumerMovesToALayerStillArriving()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Consumer consumer = room.GetTransport("bob")!.Consumers.Single();
        Producer camera = room.GetProducer("alice:Camera")!;
        SfuSimulcastForwardingTests.SendFrames(alice, 0, 2, keyFrameLayer: -1); // starts on q, climbs to f (the default target)
        await SfuTestWait.UntilAsync(() => consumer.CurrentLayer == 2, Wait);
        // Every packet sent so far is received before the clock moves: one still queued in the socket would arrive
        // "after" the silence and make f look alive.
        await SfuTestWait.UntilAsync(() => camera.Layers.All(l => l.Receiver is { } r && r.Statistics.Received >= 2), Wait);

        // The publisher turns f off (its own estimate fell); q and h go on, h with a keyframe after f's silence.
        _time.Advance(TimeSpan.FromSeconds(2.5));
        alice.SendRtp(SfuSimulcastForwardingTests.LayerPacket(0, 2, keyFrame: false));
        alice.SendRtp(SfuSimulcastForwardingTests.LayerPacket(1, 2, keyFrame: true));
        await SfuTestWait.UntilAsync(() => consumer.CurrentLayer == 1, Wait);

        Assert.Equal(2, consumer.TargetLayer); // still wanted, once it comes back
    }
}
