using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>The schedule and verdicts of trial resumptions of paused video (µs clock).</summary>
public sealed class VideoResumeTrialsTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Paused_FirstTrialDueAfterInitialBackoff()
    {
        var trials = new VideoResumeTrials();
        trials.OnPaused(10 * Second);

        Assert.False(trials.IsDue(10 * Second + (long)VideoResumeTrials.InitialBackoff.TotalMicroseconds - 1));
        Assert.True(trials.IsDue(10 * Second + (long)VideoResumeTrials.InitialBackoff.TotalMicroseconds));
    }

    [Fact]
    public void FailedTrials_BackoffDoublesUpToTheMaximum_PassedTrialResetsIt()
    {
        var trials = new VideoResumeTrials();
        long now = 0;
        var backoffs = new List<TimeSpan>();
        for (int i = 0; i < 6; i++)
        {
            trials.Start(now, received: 0, lost: 0);
            Assert.False(trials.Judge(now += Second, videoFlowing: true, overusing: true, received: 10, lost: 0));
            backoffs.Add(trials.Backoff);
        }

        Assert.Equal([10, 20, 40, 60, 60, 60], backoffs.Select(b => (int)b.TotalSeconds));
        Assert.False(trials.IsDue(now + (long)TimeSpan.FromSeconds(60).TotalMicroseconds - 1));

        trials.Start(now, received: 100, lost: 0);
        Assert.Null(trials.Judge(now += Second / 2, videoFlowing: true, overusing: false, received: 150, lost: 0));
        Assert.True(trials.Judge(now += (long)VideoResumeTrials.TrialLength.TotalMicroseconds, videoFlowing: true, overusing: false, received: 300, lost: 1));
        Assert.Equal(VideoResumeTrials.InitialBackoff, trials.Backoff);
        Assert.Equal((7L, 1L, 6L), (trials.Started, trials.Passed, trials.Failed));
    }

    [Fact]
    public void LossSinceTheTrialStarted_AboveTenPercent_Fails()
    {
        var trials = new VideoResumeTrials();
        trials.Start(0, received: 1000, lost: 500); // earlier losses do not count
        Assert.Null(trials.Judge(Second / 10, videoFlowing: true, overusing: false, received: 1018, lost: 502));
        Assert.False(trials.Judge(Second / 5, videoFlowing: true, overusing: false, received: 1036, lost: 505));
    }

    [Fact]
    public void VideoNeverFlows_TrialFailsAtTheStartTimeout_AndItsLengthCountsFromTheFirstPacket()
    {
        var trials = new VideoResumeTrials();
        long timeout = (long)VideoResumeTrials.StartTimeout.TotalMicroseconds;
        trials.Start(0, 0, 0);
        Assert.Null(trials.Judge(timeout - 1, videoFlowing: false, overusing: true, received: 0, lost: 0));
        Assert.False(trials.Judge(timeout, videoFlowing: false, overusing: false, received: 0, lost: 0));

        trials.Start(0, 0, 0);
        Assert.Null(trials.Judge(4 * Second, videoFlowing: true, overusing: false, received: 30, lost: 0));
        Assert.Null(trials.Judge(5 * Second, videoFlowing: true, overusing: false, received: 60, lost: 0));
        Assert.True(trials.Judge(6 * Second, videoFlowing: true, overusing: false, received: 90, lost: 0));
    }
}
