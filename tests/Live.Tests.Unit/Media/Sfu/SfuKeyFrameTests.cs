using System.Buffers.Binary;
using Live.Media.Rtcp;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Keyframe requests through the real SFU over loopback: hidden subscribers (observers) never make the publisher receive
/// a PLI, visible ones are coalesced, and the cadence asks by itself when no keyframe came.
/// </summary>
public sealed class SfuKeyFrameTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<SfuTestPeer> _peers = [];
    private SfuServer? _server;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server?.Dispose();
    }

    [Fact]
    public async Task HiddenSubscribers_JoinAndSendPli_PublisherGetsNoneTheyStartOnTheNextKeyFrame()
    {
        // No cadence: any PLI the publisher gets would come from a subscriber.
        Router room = Start(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero });
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server!, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        var observers = new List<SfuTestPeer>();
        for (int i = 0; i < 5; i++)
        {
            var (peer, _) = await SfuTestConnect.ConnectAsync(_server!, room, $"observer{i}", "recvonly", _peers, Wait,
                subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" }, hidden: true);
            observers.Add(peer);
        }

        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 100, 1000, keyFrame: false, fill: 0)); // they wait: no request
        for (int i = 0; i < observers.Count; i++)
        {
            observers[i].SendRtcp(SfuTestRtcp.Pli(room.GetTransport($"observer{i}")!.Consumers.Single().Ssrc));
        }

        // Positive signal that every join and every PLI was handled (each is absorbed synchronously where it arrives).
        await SfuTestWait.UntilAsync(() => camera.KeyFrameRequestsAbsorbed >= 10, Wait);
        Assert.Equal(0, camera.KeyFrameRequestsSent);
        Assert.False(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, TimeSpan.FromMilliseconds(300), out _),
            "an observer's keyframe need reached the publisher");

        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 101, 4000, keyFrame: true, fill: 1));
        Assert.All(observers, o => Assert.True(o.Rtp.TryTake(out _, Wait), "an observer did not start on the keyframe"));

        // The moment it could have happened: a visible subscriber's join does reach the publisher.
        await SfuTestConnect.ConnectAsync(_server!, room, "host", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Assert.True(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, Wait, out byte[] pli), "a visible join sent no PLI");
        Assert.Equal(CameraSsrc, BinaryPrimitives.ReadUInt32BigEndian(pli.AsSpan(8)));
        Assert.Equal(1, camera.KeyFrameRequestsSent);
    }

    [Fact]
    public async Task VisibleSubscribers_TenPlisWhileOneIsOutstanding_PublisherGetsOne()
    {
        Router room = Start(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero, KeyFrameRequestInterval = TimeSpan.FromSeconds(30) });
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server!, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server!, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Assert.True(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, Wait, out _), "bob's join sent no PLI");
        uint consumerSsrc = room.GetTransport("bob")!.Consumers.Single().Ssrc;

        double coalescedBefore = SfuMetrics.KeyFrameRequestsCoalesced;
        for (int i = 0; i < 10; i++)
        {
            bob.SendRtcp(SfuTestRtcp.Pli(consumerSsrc));
        }

        await SfuTestWait.UntilAsync(() => SfuMetrics.KeyFrameRequestsCoalesced - coalescedBefore >= 10, Wait);
        Assert.Equal(1, camera.KeyFrameRequestsSent);
        Assert.False(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, TimeSpan.FromMilliseconds(300), out _),
            "a PLI served by the outstanding keyframe was sent again");
    }

    [Fact]
    public async Task Cadence_NoSubscriberAtAll_PublisherAskedForAKeyFrameEveryPeriod()
    {
        Router room = Start(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.FromMilliseconds(400) });
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server!, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;

        for (ushort i = 0; i < 75; i++) // 1.5 s of packets, no keyframe among them
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, i, i * 1800u, keyFrame: false, fill: 0));
            await Task.Delay(20);
        }

        int plis = 0;
        while (SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, TimeSpan.FromMilliseconds(500), out _))
        {
            plis++;
        }

        Assert.InRange(camera.KeyFrameRequestsByCadence, 2, 5);
        Assert.Equal(camera.KeyFrameRequestsByCadence, camera.KeyFrameRequestsSent);
        Assert.Equal(camera.KeyFrameRequestsSent, plis);
    }

    private Router Start(SfuOptions options)
    {
        _server = new SfuServer(options);
        return _server.GetOrCreateRouter("room");
    }
}
