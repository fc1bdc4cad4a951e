using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// The recorder's view of a simulcast camera (loopback, manual clock): the tap is given the highest layer arriving, as
/// one stream (one SSRC, consecutive sequence numbers, timestamps that never go back), switching at keyframes; when
/// that layer stops, the tap moves to the highest one still arriving, and the stream goes on.
/// </summary>
public sealed class SfuSimulcastTapTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly List<SfuTestPeer> _peers = [];

    public SfuSimulcastTapTests()
    {
        _server = new SfuServer(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero }, _time);
    }

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task Tap_GetsTheHighestLayerArrivingAsOneStream_FallsToTheNextWhenItStops()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "simulcast", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Producer camera = room.GetProducer("alice:Camera")!;
        var tap = new RecordingTap();
        camera.AttachTap(tap);

        // Frames 0–2, every layer starting with a keyframe: q arrives first, then h, then f, and the tap climbs to each
        // at its keyframe (q0, h0, f0), then stays on f.
        SfuSimulcastForwardingTests.SendFrames(alice, 0, 3, keyFrameLayer: -1);
        await SfuTestWait.UntilAsync(() => tap.Count >= 5, Wait);
        await SfuTestWait.UntilAsync(() => camera.Layers.All(l => l.Receiver is { } r && r.Statistics.Received >= 3), Wait);
        Assert.Equal([0, 1, 2, 2, 2], tap.Layers());

        // f stops (the publisher's estimate fell); q and h go on, h with a keyframe: the tap moves to h.
        _time.Advance(TimeSpan.FromSeconds(2.5));
        alice.SendRtp(SfuSimulcastForwardingTests.LayerPacket(0, 3, keyFrame: false));
        alice.SendRtp(SfuSimulcastForwardingTests.LayerPacket(1, 3, keyFrame: true));
        alice.SendRtp(SfuSimulcastForwardingTests.LayerPacket(1, 4, keyFrame: false));
        await SfuTestWait.UntilAsync(() => tap.Count >= 7, Wait);
        Assert.Equal([0, 1, 2, 2, 2, 1, 1], tap.Layers());

        List<RtpHeader> headers = tap.Headers();
        Assert.All(headers, h => Assert.Equal(camera.Ssrc, h.Ssrc));
        for (int i = 1; i < headers.Count; i++)
        {
            Assert.Equal((ushort)(headers[i - 1].SequenceNumber + 1), headers[i].SequenceNumber);
            Assert.True((int)(headers[i].Timestamp - headers[i - 1].Timestamp) >= 0, $"timestamp went back at packet {i}");
        }
    }

    /// <summary>Keeps a copy of every packet it is given; the layer is the VP8 test payload's fill byte.</summary>
    private sealed class RecordingTap : IRtpTap
    {
        private readonly List<byte[]> _packets = [];

        public bool WantsKeyFrame => false;

        public int Count
        {
            get
            {
                lock (_packets)
                {
                    return _packets.Count;
                }
            }
        }

        public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
        {
            lock (_packets)
            {
                _packets.Add(packet.ToArray());
            }
        }

        public List<int> Layers()
        {
            lock (_packets)
            {
                return _packets.Select(p => (int)p[^1]).ToList();
            }
        }

        public List<RtpHeader> Headers()
        {
            lock (_packets)
            {
                return _packets.Select(p => RtpHeader.TryParse(p, out RtpHeader h) ? h : throw new InvalidOperationException("unparsable")).ToList();
            }
        }
    }
}
