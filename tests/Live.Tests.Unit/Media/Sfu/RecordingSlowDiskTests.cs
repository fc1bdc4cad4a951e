using System.Buffers.Binary;
using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Recording;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Issue #14, "nothing slow on the packet path": a recordings disk that stops accepting writes must not slow
/// forwarding. A publisher sends real VP8 through a real <see cref="SfuServer"/> over loopback (ICE, DTLS, SRTP) to a
/// subscriber while every write to the recording folder blocks.
/// </summary>
[Trait("Requires", "ffmpeg")]
public sealed class RecordingSlowDiskTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private const int QueuePackets = 64;
    private const int FramesWhileStalled = 60; // 2 s at 30 fps, keyframes at 0 and 30
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly string _root = Directory.CreateTempSubdirectory("live-sfu-recording-slow-disk-").FullName;
    private readonly StallingRecordingFiles _disk = new();
    private readonly List<SfuTestPeer> _peers = [];
    private readonly SfuServer _server;

    public RecordingSlowDiskTests()
    {
        _server = new SfuServer(new SfuOptions
        {
            Port = 0,
            RecordingsDirectory = _root,
            RecordingQueuePackets = QueuePackets,
            OpenRecordingFile = _disk.Open,
        });
    }

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose()
    {
        _disk.Dispose(); // never leave a writer blocked behind a failed assertion
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task DiskStalls_SubscriberGetsEveryPacket_QueueStaysBoundedDropsCountedTrackDegraded_ThenFileIsValidWebm()
    {
        (SfuTestPeer alice, _, SfuTestPeer bob) = await SfuTestConnect.AliceToBobAsync(_server, Room, _peers, Wait);
        Room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Recording, 0, ["alice"]));
        var camera = (ProducerRecorder)Room.GetProducer("alice:Camera")!.Tap!;
        double droppedMetric = RecordingMetrics.DroppedPackets;
        List<(int Frame, byte[] Packet)> packets = RtpTestPacketizer.PacketizeVp8(TestMedia.Vp8Frames.Select(f => f.Data).ToList());
        foreach ((_, byte[] packet) in packets)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), CameraSsrc); // RFC 3550 §5.1: SSRC at offset 8
        }

        // The disk stalls from the first write (the WebM header at the first keyframe). Each frame must reach the
        // subscriber before the next is sent: forwarding never waits for the recording.
        SendInLockstep(alice, bob, packets.Where(p => p.Frame < FramesWhileStalled));

        await SfuTestWait.UntilAsync(() => _disk.WritesWaiting > 0, Wait);
        Assert.InRange(camera.Queue!.HighWater, 1, QueuePackets);
        TrackRecordingReport stalled = Room.Recording!.Tracks.Single(t => t.TrackId == "alice:Camera");
        Assert.Equal(TrackRecordingStates.Degraded, stalled.State);
        Assert.True(stalled.DroppedPackets > 0, "a full queue dropped nothing");
        Assert.Equal(camera.Queue.Dropped, stalled.DroppedPackets);
        Assert.Contains("dropped because the recording disk is too slow", stalled.Problem);
        Assert.True(RecordingMetrics.DroppedPackets >= droppedMetric + stalled.DroppedPackets);
        Assert.False(camera.WantsKeyFrame, "a full queue asked the publisher for a keyframe it would drop");

        // The disk comes back: the writer drains, skips to the next keyframe after the hole, and records on.
        _disk.Release();
        await SfuTestWait.UntilAsync(() => camera.Queue.Count == 0, Wait);
        SendInLockstep(alice, bob, packets.Where(p => p.Frame >= FramesWhileStalled));
        long dropped = camera.Queue.Dropped;

        SessionRecordingReport stopping = Room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Stopped, 0, ["alice"]));
        Assert.Equal(SfuRecordingStatus.Stopped, stopping.Status);
        SessionRecordingReport closed = (await Room.RecordingSettledAsync().WaitAsync(Wait))!;

        TrackRecordingReport track = closed.Tracks.Single(t => t.TrackId == "alice:Camera");
        Assert.Equal(TrackRecordingStates.Complete, track.State);
        Assert.Equal(dropped, track.DroppedPackets);
        Assert.StartsWith("degraded:", track.Problem);
        string file = Path.Combine(_root, "room", "r1", track.File);
        Assert.Equal(new FileInfo(file).Length, track.BytesWritten);
        EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(File.ReadAllBytes(file));
        Assert.True(layout.SegmentSizeKnown && layout.CuesOffset > 0 && layout.CueTimes.Count > 0, "the file was not finalized");
        Assert.Equal("", MediaTools.DecodeErrors(file));
        // Frames from the first keyframe until the queue filled, then from a keyframe after the hole to the end.
        Assert.InRange(MediaTools.CountDecodedFrames(file), TestMedia.Vp8Frames.Count - FramesWhileStalled + 1, TestMedia.Vp8Frames.Count - 1);
    }

    /// <summary>Sends frame by frame and waits until the subscriber has every packet of a frame (same VP8 bytes).</summary>
    private static void SendInLockstep(SfuTestPeer alice, SfuTestPeer bob, IEnumerable<(int Frame, byte[] Packet)> packets)
    {
        foreach (IGrouping<int, (int Frame, byte[] Packet)> frame in packets.GroupBy(p => p.Frame))
        {
            foreach ((_, byte[] packet) in frame)
            {
                alice.SendRtp(packet);
            }

            foreach ((_, byte[] packet) in frame)
            {
                Assert.True(TakeForwarded(bob, VideoBytes(packet), out string? seen), $"frame {frame.Key}: a packet was not forwarded ({seen})");
            }
        }
    }

    private static bool TakeForwarded(SfuTestPeer bob, byte[] expected, out string? seen)
    {
        seen = null;
        while (bob.Rtp.TryTake(out byte[]? forwarded, Wait))
        {
            // Anything else on the subscriber's stream (padding probes, retransmissions) is not the packet sent.
            if (TryVideoBytes(forwarded!, out byte[] video) && video.AsSpan().SequenceEqual(expected))
            {
                return true;
            }

            seen = $"{forwarded.Length} bytes, payload type {forwarded[1] & 0x7F}";
        }

        return false;
    }

    /// <summary>The VP8 bitstream of a packet, past the RTP header and the payload descriptor the SFU may rewrite.</summary>
    private static byte[] VideoBytes(byte[] packet)
    {
        Assert.True(TryVideoBytes(packet, out byte[] video));
        return video;
    }

    private static bool TryVideoBytes(byte[] packet, out byte[] video)
    {
        video = [];
        if (!RtpHeader.TryParse(packet, out RtpHeader header) || header.PayloadType != 96)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        if (payload.IsEmpty || !Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || descriptor.Length >= payload.Length)
        {
            return false;
        }

        video = payload[descriptor.Length..].ToArray();
        return true;
    }
}
