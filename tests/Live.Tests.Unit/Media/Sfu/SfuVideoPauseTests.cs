using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;
using Xunit.Abstractions;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Audio first, over real loopback UDP with a manual clock: Alice publishes a camera (~800 kbit/s, one stream) and a
/// microphone, Bob receives both through a simulated bottleneck — packets queue behind each other at the link's rate and
/// are dropped beyond 300 ms of queue — and plays the browser's transport-cc feedback from the arrival times that
/// gives. At 64 kbit/s the SFU pauses Bob's video while his audio keeps coming; a trial while the link is still weak
/// fails and the video stays paused; once the link is wide again the next trial passes and the video comes back,
/// numbered on from where it stopped.
/// </summary>
public sealed class SfuVideoPauseTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private const uint MicrophoneSsrc = 1094172593;
    private const byte TransportWideCcId = 3; // a=extmap:3 …transport-wide-cc… in the captured recvonly offer
    private const int StepsPerFeedback = 5; // feedback every 100 ms, as Chromium sends it
    private const int VideoPacketsPerStep = 2;
    private const int VideoPayloadBytes = 1000; // two per 20 ms: ~800 kbit/s
    private const int StepsPerKeyFrame = 25; // the publisher sends a keyframe every 500 ms
    private const long PathDelayUs = 20_000;
    private const long MaxQueueUs = 300_000;
    private const long WeakLinkBps = 64_000;
    private const long WideLinkBps = 10_000_000;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly List<SfuTestPeer> _peers = [];
    private readonly SfuTestTransportFeedback _feedback = new(TransportWideCcId);
    private ushort _videoSequence = 1000;
    private uint _videoTimestamp = 9000;
    private ushort _audioSequence = 500;
    private int _steps;
    private long _linkBps = WideLinkBps;
    private long _linkFreeAtUs;
    private readonly List<ushort> _videoAtBob = [];

    public SfuVideoPauseTests(ITestOutputHelper output)
    {
        _output = output;
        _server = new SfuServer(new SfuOptions { Port = 0, KeyFrameCadence = TimeSpan.Zero, MaintenanceInterval = TimeSpan.FromHours(1) }, _time);
    }

    private long NowUs => _time.GetElapsedTime(0, _time.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task WeakLink_VideoPausesAudioFlows_LinkRecovers_VideoResumesByTrial()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await SfuTestConnect.ConnectAsync(_server, room, "bob", "recvonly", _peers, Wait,
            subscribe: new Dictionary<string, string> { ["0"] = "alice:Microphone", ["1"] = "alice:Camera" });
        WebRtcTransport transport = room.GetTransport("bob")!;
        Consumer video = transport.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Consumer audio = transport.Consumers.Single(c => c.Producer.Kind == MediaKind.Audio);

        StepResult clean = await RunAsync(alice, bob, transport, video, TimeSpan.FromSeconds(3));
        Assert.False(video.IsPausedForBandwidth);
        Assert.True(clean.Video > 100, $"clean link: {clean.Video} video packets");

        // The link narrows to 64 kbit/s: the estimate follows R_hat down, and after the hold the video pauses.
        _linkBps = WeakLinkBps;
        await RunUntilAsync(alice, bob, transport, video, () => video.IsPausedForBandwidth, TimeSpan.FromSeconds(8));
        _output.WriteLine($"paused at estimate {transport.EstimatedBitrate} bit/s after {_steps * Step.TotalSeconds:F1} s");

        // While paused, Bob gets every audio packet Alice sends and no video (each step ends at its audio packet).
        StepResult paused = await RunAsync(alice, bob, transport, video, TimeSpan.FromSeconds(3));
        Assert.Equal(0, paused.Video);
        Assert.Equal(paused.Steps, paused.Audio);
        Assert.True(audio.PacketsSent > 0);
        Assert.True(SfuMetrics.VideoConsumersPaused >= 1);

        // A trial on the still weak link fails: the resumed video queues, the feedback shows it, the video pauses again.
        await RunUntilAsync(alice, bob, transport, video, () => transport.VideoResumeTrials.Failed >= 1, TimeSpan.FromSeconds(15));
        Assert.True(video.IsPausedForBandwidth);
        Assert.Equal(0, transport.VideoResumeTrials.Passed);

        // The link widens: the next trial (one doubled backoff later) passes and the video stays.
        _linkBps = WideLinkBps;
        await RunUntilAsync(alice, bob, transport, video, () => transport.VideoResumeTrials.Passed >= 1, TimeSpan.FromSeconds(20));
        StepResult resumed = await RunAsync(alice, bob, transport, video, TimeSpan.FromSeconds(4));
        _output.WriteLine($"trials {transport.VideoResumeTrials}, estimate {transport.EstimatedBitrate} bit/s after {_steps * Step.TotalSeconds:F1} s");
        Assert.False(video.IsPausedForBandwidth);
        Assert.True(resumed.Video >= resumed.Steps * VideoPacketsPerStep * 9 / 10, $"{resumed.Video} video packets in {resumed.Steps} steps");
        Assert.Equal(resumed.Steps, resumed.Audio);
        // Every resumption numbers on from the last packet sent: Bob's video sequence has no gap to NACK.
        Assert.Equal(Enumerable.Range(_videoAtBob[0], _videoAtBob.Count).Select(s => (ushort)s), _videoAtBob);
    }

    private async Task RunUntilAsync(SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport, Consumer video,
        Func<bool> condition, TimeSpan limit)
    {
        int steps = (int)(limit / Step);
        for (int i = 0; i < steps && !condition(); i++)
        {
            await RunAsync(alice, bob, transport, video, Step);
        }

        Assert.True(condition(), $"not reached within {limit.TotalSeconds} s of the manual clock; estimate {transport.EstimatedBitrate}, trials {transport.VideoResumeTrials}");
    }

    /// <summary>
    /// Runs <paramref name="duration"/> of the manual clock in 20 ms steps: Alice sends two video packets and then one
    /// audio packet; Bob takes what the SFU forwarded up to that audio packet (forwarded in order, on one socket: the
    /// video of the step is in hand when the audio is), passes it through the bottleneck and reports it every 100 ms.
    /// </summary>
    private async Task<StepResult> RunAsync(SfuTestPeer alice, SfuTestPeer bob, WebRtcTransport transport, Consumer video,
        TimeSpan duration)
    {
        var result = new StepResult();
        uint mediaSsrc = video.Ssrc;
        for (int i = 0; i < (int)(duration / Step); i++)
        {
            _time.Advance(Step);
            for (int v = 0; v < VideoPacketsPerStep; v++)
            {
                alice.SendRtp(Video(keyFrame: v == 0 && _steps % StepsPerKeyFrame == 0));
            }

            alice.SendRtp(Audio());
            _steps++;
            result.Steps++;
            long sendUs = NowUs;
            while (true)
            {
                Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"step {_steps}: the audio packet was not forwarded");
                Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
                _feedback.Record(packet!, ThroughBottleneck(packet!.Length, sendUs));
                if (header.Ssrc == video.Ssrc)
                {
                    result.Video++;
                    _videoAtBob.Add(header.SequenceNumber);
                    continue;
                }

                result.Audio++;
                break;
            }

            if (_steps % StepsPerFeedback == 0)
            {
                long applied = transport.TransportFeedbackReceived;
                bob.SendRtcp(_feedback.Build(mediaSsrc));
                await SfuTestWait.UntilAsync(() => transport.TransportFeedbackReceived > applied, Wait);
            }
        }

        return result;
    }

    /// <summary>
    /// The bottleneck: a packet leaves once the link has sent everything before it, at <see cref="_linkBps"/>; one that
    /// would wait more than <see cref="MaxQueueUs"/> is dropped (null). Returns the arrival time at Bob.
    /// </summary>
    private long? ThroughBottleneck(int bytes, long sendUs)
    {
        long start = Math.Max(sendUs, _linkFreeAtUs);
        if (start - sendUs > MaxQueueUs)
        {
            return null;
        }

        _linkFreeAtUs = start + 8_000_000L * bytes / _linkBps;
        return _linkFreeAtUs + PathDelayUs;
    }

    private byte[] Video(bool keyFrame)
    {
        byte[] payload = new byte[VideoPayloadBytes];
        payload[0] = 0x10; // RFC 7741 §4.2: S=1, PID=0
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01; // §4.3: P bit 0 = keyframe
        _videoTimestamp += 1800;
        return Build(CameraSsrc, 96, _videoSequence++, _videoTimestamp, payload);
    }

    private byte[] Audio()
    {
        ushort sequence = _audioSequence++;
        return Build(MicrophoneSsrc, 111, sequence, (uint)(sequence * 960), new byte[80]);
    }

    private static byte[] Build(uint ssrc, byte payloadType, ushort sequence, uint timestamp, byte[] payload)
    {
        var builder = new RtpPacketBuilder { PayloadType = payloadType, SequenceNumber = sequence, Timestamp = timestamp, Ssrc = ssrc, Payload = payload };
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }

    private sealed class StepResult
    {
        public int Steps { get; set; }

        public int Video { get; set; }

        public int Audio { get; set; }
    }
}
