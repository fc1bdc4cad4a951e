using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>
/// End-to-end: real libvpx/libopus bitstreams are packetized into RTP, depacketized, recorded to WebM, and ffprobe /
/// ffmpeg judge the files (they must be installed).
/// </summary>
[Trait("Requires", "ffmpeg")]
public class WebmFfmpegTests
{
    private const int ThreeSecondsOfVideo = 3 * TestMedia.VideoFps;

    [Fact]
    public void Vp8Recording_ThreeSeconds_ProbesAsVp8AndDecodesEveryFrame()
    {
        string path = NewPath("vp8.webm");
        var clock = new RecordingClock(new ManualTimeProvider());
        using (var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Vp8), clock))
        {
            var depacketizer = new Vp8Depacketizer(recorder);
            PushVideo(depacketizer, Frames(0, ThreeSecondsOfVideo));
            Assert.Equal(ThreeSecondsOfVideo, recorder.FramesWritten);
        }

        MediaTools.ProbeResult probe = MediaTools.Probe(path);
        Assert.Equal(("vp8", 320, 240, 1), (probe.CodecName, probe.Width, probe.Height, probe.StreamCount));
        Assert.InRange(probe.DurationSeconds!.Value, 2.7, 3.3);
        Assert.Equal("", MediaTools.DecodeErrors(path));
        Assert.Equal(ThreeSecondsOfVideo, MediaTools.CountDecodedFrames(path));
    }

    [Fact]
    public void OpusRecording_ThreeSeconds_ProbesAsOpusAndDecodesEveryPacket()
    {
        string path = NewPath("opus.webm");
        int packets = 3 * 1000 / 20;
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        using (var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Opus), clock))
        {
            var depacketizer = new OpusDepacketizer(recorder);
            List<byte[]> rtp = RtpTestPacketizer.PacketizeOpus(TestMedia.OpusPackets);
            for (int i = 0; i < packets; i++)
            {
                time.SetMs(i * 20);
                depacketizer.Push(rtp[i]);
            }

            Assert.Equal(packets, recorder.FramesWritten);
        }

        MediaTools.ProbeResult probe = MediaTools.Probe(path);
        Assert.Equal(("opus", 48000, 2), (probe.CodecName, probe.SampleRate, probe.Channels));
        Assert.InRange(probe.DurationSeconds!.Value, 2.7, 3.3);
        Assert.Equal("", MediaTools.DecodeErrors(path));

        // The decoder drops the 80 ms pre-skip announced in OpusHead and CodecDelay: 4 packets of 20 ms.
        Assert.Equal(packets - OpusHead.PreSkip / TestMedia.OpusFrameSamples, MediaTools.CountDecodedFrames(path));
    }

    [Fact]
    public void Vp8Recording_PausedForOneSecond_FileIsFourSecondsAndSegmentsMapTheGap()
    {
        string path = NewPath("paused.webm");
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Vp8), clock);
        var depacketizer = new Vp8Depacketizer(recorder);
        var needsKeyframeSeen = new List<bool>();
        foreach ((int frame, byte[] packet) in RtpTestPacketizer.PacketizeVp8(Frames(0, 150)))
        {
            time.SetMs(frame * 1000L / TestMedia.VideoFps);
            if (frame == 60 && !clock.IsPaused && recorder.FramesWritten == 60)
            {
                clock.Pause();
            }
            else if (frame == 85 && clock.IsPaused)
            {
                // Resuming just before a keyframe (frame 90): the recorder must wait for it and ask for one.
                clock.Resume();
            }

            depacketizer.Push(packet);
            if (frame is >= 85 and <= 90)
            {
                needsKeyframeSeen.Add(recorder.NeedsKeyframe);
            }
        }

        recorder.Stop();
        Assert.True(TestMedia.Vp8Frames[90].IsKey);
        Assert.True(needsKeyframeSeen[0]);
        Assert.False(needsKeyframeSeen[^1]);
        Assert.Equal(120, recorder.FramesWritten);
        IReadOnlyList<RecordedSegment> segments = recorder.GetSegments();
        Assert.Equal(2, segments.Count);
        Assert.Equal((0L, 0L, 2000L), (segments[0].FileStartMs, segments[0].SessionClockStartMs, segments[0].DurationMs));
        // Resumed at 2833, keyframe at 3000: the 167 ms spent waiting for it stay in the file, so every track lines up.
        Assert.Equal((2167L, 3000L, 2000L), (segments[1].FileStartMs, segments[1].SessionClockStartMs, segments[1].DurationMs));
        Assert.Equal([new RecordingPause(2000, 2833)], clock.Pauses);

        MediaTools.ProbeResult probe = MediaTools.Probe(path);
        Assert.InRange(probe.DurationSeconds!.Value, 3.8, 4.2);
        Assert.Equal("", MediaTools.DecodeErrors(path));
        Assert.Equal(120, MediaTools.CountDecodedFrames(path));
    }

    [Fact]
    public void OpusRecording_PausedForOneSecond_FileIsFourSecondsAndDecodesCleanly()
    {
        string path = NewPath("opus-paused.webm");
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Opus), clock);
        var depacketizer = new OpusDepacketizer(recorder);
        List<byte[]> rtp = RtpTestPacketizer.PacketizeOpus(TestMedia.OpusPackets);
        for (int i = 0; i < 250; i++)
        {
            time.SetMs(i * 20);
            if (i == 100)
            {
                clock.Pause();
            }
            else if (i == 150)
            {
                clock.Resume();
            }

            depacketizer.Push(rtp[i]);
        }

        recorder.Stop();
        Assert.Equal(200, recorder.FramesWritten);
        Assert.Equal([new RecordedSegment(0, 0, 2000), new RecordedSegment(2000, 3000, 2000)], recorder.GetSegments());
        MediaTools.ProbeResult probe = MediaTools.Probe(path);
        Assert.InRange(probe.DurationSeconds!.Value, 3.8, 4.2);
        Assert.Equal("", MediaTools.DecodeErrors(path));
    }

    [Fact]
    public void Vp8Recording_OnePacketLost_SkipsToNextKeyframeAndDecodesCleanly()
    {
        string path = NewPath("loss.webm");
        List<(int Frame, byte[] Packet)> packets = RtpTestPacketizer.PacketizeVp8(Frames(0, ThreeSecondsOfVideo), maxFragment: 300);
        const int DamagedFrame = 45;
        int[] damagedPackets = packets.Select((p, i) => (p.Frame, i)).Where(p => p.Frame == DamagedFrame).Select(p => p.i).ToArray();
        Assert.True(damagedPackets.Length >= 2, "the damaged frame should span several packets");
        packets.RemoveAt(damagedPackets[1]);
        int nextKey = Enumerable.Range(DamagedFrame + 1, ThreeSecondsOfVideo - DamagedFrame - 1).First(f => TestMedia.Vp8Frames[f].IsKey);
        int expected = ThreeSecondsOfVideo - (nextKey - DamagedFrame);

        var clock = new RecordingClock(new ManualTimeProvider());
        var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Vp8), clock);
        var depacketizer = new Vp8Depacketizer(recorder);
        foreach ((_, byte[] packet) in packets)
        {
            depacketizer.Push(packet);
        }

        recorder.Stop();
        Assert.Equal(expected, recorder.FramesWritten);
        Assert.Equal(1, depacketizer.Gaps);
        Assert.False(depacketizer.NeedsKeyframe);
        Assert.Equal("", MediaTools.DecodeErrors(path));
        Assert.Equal(expected, MediaTools.CountDecodedFrames(path));
    }

    [Fact]
    public void Vp8Recording_NeverClosed_FlushedClustersStillProbeAndDecode()
    {
        string path = NewPath("killed.webm");
        string copy = NewPath("killed-copy.webm");
        var clock = new RecordingClock(new ManualTimeProvider());
        var writer = WebmWriter.Create(path, RecordingCodec.Vp8);
        var recorder = new TrackRecorder(writer, clock);
        var depacketizer = new Vp8Depacketizer(recorder);

        // Frame 60 is a keyframe, so it closed (and flushed) the Cluster of frames 30–59; 60–74 are still in memory.
        PushVideo(depacketizer, Frames(0, 75));
        Assert.True(TestMedia.Vp8Frames[60].IsKey);
        CopyWhileOpen(path, copy);
        recorder.Stop();

        MediaTools.ProbeResult probe = MediaTools.Probe(copy);
        Assert.Equal(("vp8", 320, 240), (probe.CodecName, probe.Width, probe.Height));
        Assert.False(EbmlTestReader.ReadLayout(File.ReadAllBytes(copy)).SegmentSizeKnown);
        Assert.Equal("", MediaTools.DecodeErrors(copy));
        Assert.Equal(60, MediaTools.CountDecodedFrames(copy));
        Assert.Equal(75, MediaTools.CountDecodedFrames(path));
    }

    [Fact]
    public void Vp8Recording_ClosedCleanly_HasCuesAndSeeksToKeyframe()
    {
        string path = NewPath("cues.webm");
        var clock = new RecordingClock(new ManualTimeProvider());
        using (var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Vp8), clock))
        {
            PushVideo(new Vp8Depacketizer(recorder), Frames(0, 150));
        }

        int keyframes = TestMedia.Vp8Frames.Count(f => f.IsKey);
        EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(File.ReadAllBytes(path));
        Assert.True(layout.SegmentSizeKnown);
        Assert.Equal(keyframes, layout.CueTimes.Count);
        Assert.Equal(Enumerable.Range(0, keyframes).Select(k => k * 1000L), layout.CueTimes);
        Assert.Equal(layout.CuesOffset, layout.SeekHeadCuesOffset);
        Assert.InRange(layout.DurationMs, 4950, 5050);

        Assert.Equal(2.0, MediaTools.FirstFrameAfterSeek(path, 2.2), 0.001);
        (int exit, _, string err) = MediaTools.Run("ffmpeg", "-v", "error", "-ss", "2", "-i", path, "-frames:v", "1", "-f", "null", "-");
        Assert.Equal((0, ""), (exit, err));
    }

    internal static string NewPath(string name) => Path.Combine(TestMedia.TempDirectory, $"{Guid.NewGuid():N}-{name}");

    internal static IReadOnlyList<byte[]> Frames(int start, int count) =>
        TestMedia.Vp8Frames.Skip(start).Take(count).Select(f => f.Data).ToList();

    private static void PushVideo(Vp8Depacketizer depacketizer, IReadOnlyList<byte[]> frames)
    {
        foreach ((_, byte[] packet) in RtpTestPacketizer.PacketizeVp8(frames))
        {
            depacketizer.Push(packet);
        }
    }

    private static void CopyWhileOpen(string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using FileStream output = File.Create(destination);
        input.CopyTo(output);
    }
}
