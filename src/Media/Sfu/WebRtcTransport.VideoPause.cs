namespace Live.Media.Sfu;

/// <summary>
/// Audio first (docs/design.md, "Audio first: video pauses before audio suffers"): when what this subscriber's path
/// carries, less the audio reservation, cannot hold even the lowest layer of a video it receives, that video's
/// forwarding pauses and audio goes on alone. What the path carries is the larger of the estimate and the acknowledged
/// rate R_hat: the estimate climbs at most 8 %/s (draft-ietf-rmcat-gcc-02 §5.5) and lags a path that delivers
/// everything, while R_hat cannot exceed the path. Videos keep their place in subscription order: the first that does
/// not fit, and every video after it, pause once the shortfall lasted <see cref="PauseHold"/>. Paused video comes back
/// only through a trial (<see cref="VideoResumeTrials"/>): with audio alone the estimate cannot show a recovered path.
/// </summary>
public sealed partial class WebRtcTransport
{
    /// <summary>
    /// What the lowest video layer is assumed to need before its rate is measured: a 320×180 VP8 layer at 15–30 frames/s
    /// takes 100–150 kbit/s in Chromium (its simulcast table caps that layer at 150 kbit/s).
    /// </summary>
    internal const long VideoFloorBitsPerSecond = 100_000;

    /// <summary>
    /// A video pauses only when its share falls below this fraction of its lowest layer's rate: the per-second rate
    /// measurement moves by ±20 % with the scene, and the audio reservation is an upper bound of what Opus sends.
    /// </summary>
    internal const double PauseBelowFraction = 0.75;

    /// <summary>How long a shortfall lasts before video pauses: one congestion event (GCC cuts to 0.85 R_hat and recovers) is not enough.</summary>
    internal static readonly TimeSpan PauseHold = TimeSpan.FromSeconds(2);

    // Used by the thread that reads this subscriber's feedback (the receive thread, or its TCP connection's loop).
    private readonly VideoResumeTrials _resumeTrials = new();
    private Consumer? _trialConsumer;
    private long _trialPacketsAtStart;
    private long _shortSinceUs = -1;

    /// <summary>Trials of paused video on this transport: started, passed, failed (tests and diagnostics).</summary>
    public (long Started, long Passed, long Failed) VideoResumeTrials =>
        (_resumeTrials.Started, _resumeTrials.Passed, _resumeTrials.Failed);

    /// <summary>
    /// After each estimate, on the thread that read the feedback: pauses the video the path cannot carry, and runs the trials that bring it
    /// back. <paramref name="acknowledged"/>, <paramref name="overusing"/>, <paramref name="received"/> and
    /// <paramref name="lost"/> are the estimator's R_hat, over-use signal and packet counts. Allocation free.
    /// </summary>
    private void ApplyEstimateToVideoPause(long estimate, long acknowledged, bool overusing, long received, long lost, long nowUs)
    {
        Consumer[] consumers = _consumers;
        long now = Server.Time.GetTimestamp();
        JudgeTrial(nowUs, overusing, received, lost);

        long available = Math.Max(estimate, acknowledged);
        foreach (Consumer consumer in consumers)
        {
            if (!consumer.IsClosed && consumer.Producer.Kind == MediaKind.Audio)
            {
                available -= AudioReserveBitsPerSecond;
            }
        }

        Consumer? firstShort = null;
        bool behindPaused = false;
        foreach (Consumer consumer in consumers)
        {
            if (consumer.IsClosed || consumer.Producer.Kind != MediaKind.Video)
            {
                continue;
            }

            if (consumer.IsPausedForBandwidth)
            {
                behindPaused = true;
                continue;
            }

            long need = consumer.LowestVideoBitsPerSecond(now, VideoFloorBitsPerSecond);
            if (consumer != _trialConsumer && (behindPaused || available < need * PauseBelowFraction))
            {
                firstShort ??= consumer;
            }

            available -= need;
        }

        if (firstShort is null)
        {
            _shortSinceUs = -1;
        }
        else if (_shortSinceUs < 0)
        {
            _shortSinceUs = nowUs;
        }
        else if (nowUs - _shortSinceUs >= (long)PauseHold.TotalMicroseconds)
        {
            PauseFrom(consumers, firstShort, nowUs);
        }

        StartTrialIfDue(consumers, nowUs, received, lost);
    }

    /// <summary>Pauses <paramref name="first"/> and every video after it (the trial's own excepted: its verdict decides).</summary>
    private void PauseFrom(Consumer[] consumers, Consumer first, long nowUs)
    {
        bool pausing = false;
        foreach (Consumer consumer in consumers)
        {
            pausing |= consumer == first;
            if (pausing && consumer != _trialConsumer && consumer.Producer.Kind == MediaKind.Video)
            {
                consumer.PauseForBandwidth();
            }
        }

        _shortSinceUs = -1;
        _resumeTrials.OnPaused(nowUs);
    }

    private void JudgeTrial(long nowUs, bool overusing, long received, long lost)
    {
        if (_trialConsumer is not { } trial)
        {
            return;
        }

        if (trial.IsClosed)
        {
            _trialConsumer = null;
            _resumeTrials.OnNothingPaused(); // rescheduled below if other video is still paused
            return;
        }

        bool? passed = _resumeTrials.Judge(nowUs, trial.PacketsSent > _trialPacketsAtStart, overusing, received, lost);
        if (passed is not { } verdict)
        {
            return;
        }

        _trialConsumer = null;
        SfuMetrics.VideoResumeTrialEnded(verdict);
        if (!verdict)
        {
            trial.PauseForBandwidth();
        }
    }

    /// <summary>With video paused and no trial running, resumes the first paused video once the backoff has passed.</summary>
    private void StartTrialIfDue(Consumer[] consumers, long nowUs, long received, long lost)
    {
        if (_trialConsumer is not null)
        {
            return;
        }

        Consumer? firstPaused = null;
        foreach (Consumer consumer in consumers)
        {
            if (!consumer.IsClosed && consumer.IsPausedForBandwidth)
            {
                firstPaused = consumer;
                break;
            }
        }

        if (firstPaused is null)
        {
            _resumeTrials.OnNothingPaused();
            return;
        }

        _resumeTrials.OnPaused(nowUs); // schedules a trial if none is (keeps an earlier one)
        if (!_resumeTrials.IsDue(nowUs))
        {
            return;
        }

        _trialPacketsAtStart = firstPaused.PacketsSent;
        _trialConsumer = firstPaused;
        _resumeTrials.Start(nowUs, received, lost);
        firstPaused.ResumeForBandwidth();
    }
}
