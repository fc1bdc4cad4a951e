using System.Buffers.Binary;
using Live.Media.Rtcp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Recording;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Recording over real loopback UDP (ICE, DTLS, SRTP): starting a recording asks the publisher for a keyframe, and a
/// recording that cannot write leaves forwarding to subscribers untouched.
/// </summary>
public sealed class RecordingLoopbackTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly string _root = Directory.CreateTempSubdirectory("live-sfu-recording-loopback-").FullName;
    private readonly List<SfuTestPeer> _peers = [];
    private SfuServer? _server;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task RecordingStarted_PublisherConnected_GetsPliAndTheKeyframeStartsTheFile()
    {
        (SfuTestPeer alice, _) = await ConnectAsync(_root);
        await Task.Delay(_server!.Options.KeyFrameRequestInterval); // past the PLI the new consumer triggered
        while (alice.Rtcp.TryTake(out _)) { }

        SessionRecordingReport started = Room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Recording, 0, ["alice"]));

        Assert.True(TryTakePli(alice, out uint mediaSsrc), "recording start sent no PLI to the publisher");
        Assert.Equal(CameraSsrc, mediaSsrc);
        Producer camera = Room.GetProducer("alice:Camera")!;
        Assert.True(camera.Tap!.WantsKeyFrame);
        foreach ((_, byte[] packet) in RtpTestPacketizer.PacketizeVp8([TestMedia.Vp8Frames[0].Data]))
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), CameraSsrc); // RFC 3550 §5.1: SSRC at offset 8
            alice.SendRtp(packet);
        }

        await WaitUntilAsync(() => !camera.Tap!.WantsKeyFrame);
        Room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Stopped, 0, ["alice"]));
        SessionRecordingReport stopped = (await Room.RecordingSettledAsync().WaitAsync(Wait))!;
        Assert.True(stopped.Tracks.Single(t => t.TrackId == "alice:Camera").BytesWritten > 0);
        Assert.Equal(TrackRecordingStates.Recording, started.Tracks[0].State);
    }

    [Fact]
    public async Task RecordingsDirectoryIsAFile_TracksFailAndSubscriberStillReceivesEveryPacket()
    {
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "not a folder");
        (SfuTestPeer alice, SfuTestPeer bob) = await ConnectAsync(file);

        Room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Recording, 0, ["alice"]));
        SessionRecordingReport report = (await Room.RecordingSettledAsync().WaitAsync(Wait))!;
        Assert.All(report.Tracks, t => Assert.Equal(TrackRecordingStates.Failed, t.State));
        Assert.Contains(file, report.Tracks[0].Problem);

        for (ushort i = 0; i < 10; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(1000 + i), (uint)(9000 + i / 3 * 3000), keyFrame: i == 0, fill: (byte)i));
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.True(bob.Rtp.TryTake(out _, Wait), $"packet {i} not forwarded while the recording failed");
        }
    }

    private Router Room => _server!.GetOrCreateRouter("room");

    private async Task<(SfuTestPeer Alice, SfuTestPeer Bob)> ConnectAsync(string recordingsDirectory)
    {
        _server = new SfuServer(new SfuOptions { Port = 0, RecordingsDirectory = recordingsDirectory });
        var (alice, _, bob) = await SfuTestConnect.AliceToBobAsync(_server, Room, _peers, Wait);
        return (alice, bob);
    }

    private static bool TryTakePli(SfuTestPeer peer, out uint mediaSsrc)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (peer.Rtcp.TryTake(out byte[]? compound, TimeSpan.FromMilliseconds(100)))
            {
                var reader = new RtcpCompoundReader(compound!);
                while (reader.MoveNext())
                {
                    if (reader.Current.Header.PacketType == RtcpPacketType.PayloadSpecificFeedback)
                    {
                        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(reader.Current.Packet[8..]);
                        return true;
                    }
                }
            }
        }

        mediaSsrc = 0;
        return false;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => SfuTestWait.UntilAsync(condition, Wait);
}
