using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>
/// A track's writer runs behind a queue, so it may write a frame well after the frame arrived. The recorder places
/// frames by the instant they arrived (<see cref="TrackRecorder.ArrivedAt"/>), so a slow disk never moves media across
/// a pause or stretches the file past the stop.
/// </summary>
public class TrackRecorderArrivalTests
{
    private const uint OpusTicksPer20Ms = 960;

    [Fact]
    public void FramesWrittenAfterAPause_ArrivedBeforeIt_StayInTheFirstStretch()
    {
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        var stream = new MemoryStream();
        var recorder = new TrackRecorder(new WebmWriter(stream, RecordingCodec.Opus, ownsStream: false), clock);
        var arrivals = new List<RecordingInstant>();
        for (int i = 0; i < 50; i++)
        {
            time.SetMs(i * 20);
            arrivals.Add(clock.Now());
        }

        // The writer only gets to the frames once the pause has begun and ended, and the stop was asked for meanwhile.
        time.SetMs(1000);
        clock.Pause();
        time.SetMs(1500);
        clock.Resume();
        time.SetMs(2000);
        RecordingInstant stoppedAt = clock.Now();
        time.SetMs(9000);
        for (int i = 0; i < 50; i++)
        {
            recorder.ArrivedAt(arrivals[i]);
            recorder.OnFrame(new EncodedFrame([0xFC], (uint)i * OpusTicksPer20Ms, isKeyFrame: true));
        }

        recorder.Stop(stoppedAt);

        Assert.Equal(50, recorder.FramesWritten);
        Assert.Equal([new RecordedSegment(0, 0, 1000)], recorder.GetSegments());
        // Recorded time at the stop: 2000 ms of session minus the 500 ms pause, not the 9 s the writer took.
        Assert.Equal(1500, EbmlTestReader.ReadLayout(stream.ToArray()).DurationMs);
    }

    [Fact]
    public void FramesThatArrivedWhilePaused_AreDiscardedEvenIfWrittenAfterTheResume()
    {
        var time = new ManualTimeProvider();
        var clock = new RecordingClock(time);
        var recorder = new TrackRecorder(new WebmWriter(new MemoryStream(), RecordingCodec.Opus), clock);
        time.SetMs(100);
        clock.Pause();
        RecordingInstant duringPause = clock.Now();
        time.SetMs(300);
        clock.Resume();

        recorder.ArrivedAt(duringPause);
        recorder.OnFrame(new EncodedFrame([0xFC], 0, isKeyFrame: true));

        Assert.Equal(0, recorder.FramesWritten);
        Assert.True(duringPause.IsPaused);
        Assert.Equal(100, clock.RecordedMsAt(duringPause.SessionMs));
        Assert.Equal(100, clock.RecordedMsAt(300));
        Assert.Equal(150, clock.RecordedMsAt(350));
    }
}
