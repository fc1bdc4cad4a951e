using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class TrackRecorderTests
{
    private const uint OpusTicksPer20Ms = 960;

    [Fact]
    public void OnFrame_PauseAndResumeBetweenAudioFrames_SplitsSegmentsWithoutGap()
    {
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        var stream = new MemoryStream();
        var recorder = new TrackRecorder(new WebmWriter(stream, RecordingCodec.Opus, ownsStream: false), clock);
        uint rtpBase = uint.MaxValue - 10 * OpusTicksPer20Ms; // wraps during the first stretch
        for (int i = 0; i < 50; i++)
        {
            time.SetMs(i * 20);
            recorder.OnFrame(new EncodedFrame([0xFC], rtpBase + (uint)i * OpusTicksPer20Ms, isKeyFrame: true));
        }

        // No frame arrives during the pause: the recorder must still notice it happened.
        time.SetMs(1000);
        clock.Pause();
        time.SetMs(1500);
        clock.Resume();
        for (int i = 75; i < 100; i++)
        {
            time.SetMs(i * 20);
            recorder.OnFrame(new EncodedFrame([0xFC], rtpBase + (uint)i * OpusTicksPer20Ms, isKeyFrame: true));
        }

        recorder.Stop();
        Assert.Equal([new RecordedSegment(0, 0, 1000), new RecordedSegment(1000, 1500, 500)], recorder.GetSegments());
        Assert.Equal(75, recorder.FramesWritten);
        Assert.Equal(1500, EbmlTestReader.ReadLayout(stream.ToArray()).DurationMs);
        Assert.Equal(TrackRecorderState.Stopped, recorder.State);
    }

    [Fact]
    public void RecordingClock_StartedMidSession_StampsOnTheSessionClock()
    {
        var time = new ManualTimeProvider();
        time.SetMs(500);
        var clock = new RecordingClock(time, sessionClockNowMs: 60_000);
        time.SetMs(1500);
        var recorder = new TrackRecorder(new WebmWriter(new MemoryStream(), RecordingCodec.Opus), clock);
        recorder.OnFrame(new EncodedFrame([0xFC], 123, isKeyFrame: true));
        clock.Pause();
        // The first frame came 1 s after recording started: the file keeps that second (tracks stay in step).
        Assert.Equal([new RecordedSegment(1_000, 61_000, 20)], recorder.GetSegments());
        Assert.Equal([new RecordingPause(61_000, null)], clock.Pauses);
    }

    [Fact]
    public void OnFrame_WhilePaused_DiscardsFramesAndReportsPaused()
    {
        var clock = new RecordingClock(new ManualTimeProvider());
        var recorder = new TrackRecorder(new WebmWriter(new MemoryStream(), RecordingCodec.Opus), clock);
        clock.Pause();
        recorder.OnFrame(new EncodedFrame([0xFC], 0, isKeyFrame: true));
        Assert.Equal((TrackRecorderState.Paused, 0L), (recorder.State, recorder.FramesWritten));
        Assert.Empty(recorder.GetSegments());
        Assert.False(clock.Pause());
    }

    [Fact]
    public void NeedsKeyframe_VideoAtStartAndAfterResume_UntilAKeyframeIsWritten()
    {
        var clock = new RecordingClock(new ManualTimeProvider());
        var recorder = new TrackRecorder(new WebmWriter(new MemoryStream(), RecordingCodec.Vp8), clock);
        Assert.True(recorder.NeedsKeyframe);
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.DeltaFrame, 0, isKeyFrame: false));
        Assert.True(recorder.NeedsKeyframe);
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.KeyFrame, 3000, isKeyFrame: true));
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.DeltaFrame, 6000, isKeyFrame: false));
        Assert.False(recorder.NeedsKeyframe);

        clock.Pause();
        Assert.False(recorder.NeedsKeyframe); // nothing to ask for while paused
        clock.Resume();
        Assert.True(recorder.NeedsKeyframe);
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.DeltaFrame, 9000, isKeyFrame: false));
        Assert.Equal(2, recorder.FramesWritten);
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.KeyFrame, 12000, isKeyFrame: true));
        Assert.False(recorder.NeedsKeyframe);
        Assert.Equal(3, recorder.FramesWritten);

        recorder.Stop();
        Assert.False(recorder.NeedsKeyframe);
        recorder.OnFrame(new EncodedFrame(Vp8DepacketizerTests.KeyFrame, 15000, isKeyFrame: true));
        Assert.Equal(3, recorder.FramesWritten);
    }

    [Fact]
    public void OnFrame_DiskFillsMidRecording_ReportsFailedWithoutThrowing()
    {
        var clock = new RecordingClock(new ManualTimeProvider());
        var recorder = new TrackRecorder(new WebmWriter(new DiskFullStream(budget: 1000), RecordingCodec.Opus), clock);
        byte[] packet = new byte[100];
        packet[0] = 0xFC;
        for (uint i = 0; i < 1000; i++)
        {
            recorder.OnFrame(new EncodedFrame(packet, i * OpusTicksPer20Ms, isKeyFrame: true));
        }

        recorder.Stop();
        Assert.Equal(TrackRecorderState.Failed, recorder.State);
        Assert.Contains("No space left on device", recorder.FailureReason);
        Assert.InRange(recorder.BytesWritten, 1, 1000);
    }
}
