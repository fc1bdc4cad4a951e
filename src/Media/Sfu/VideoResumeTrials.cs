namespace Live.Media.Sfu;

/// <summary>
/// When a subscriber whose video was paused for bandwidth gets it back (docs/design.md, "Audio first"): with only audio
/// flowing, the delay-based estimate cannot climb above about 1.5 × what audio delivers, so the path's recovery must be
/// measured by sending more. A trial resumes the first paused video at its lowest layer after a backoff that starts at
/// <see cref="InitialBackoff"/> and doubles after each failed trial up to <see cref="MaxBackoff"/>. Once its video flows,
/// the trial fails at the first feedback that shows congestion (over-use or more than <see cref="MaxLossFraction"/> of
/// the packets since it started lost) and passes when <see cref="TrialLength"/> of flowing video showed none. Pure
/// logic on the caller's clock (µs); one instance per transport, used by the thread that reads its feedback.
/// </summary>
public sealed class VideoResumeTrials
{
    /// <summary>The first trial after a pause: long enough that a brief dip does not become a loop of pauses and trials.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between trials: a trial on a path still too weak costs audio a moment of queueing.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>How long video must flow without congestion for the path to count as recovered (a few feedback rounds and R_hat's 0.5 s window).</summary>
    public static readonly TimeSpan TrialLength = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a trial waits for its video to start (a keyframe: an observer waits for the 2 s cadence); a trial whose
    /// video never came counts as failed.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    /// <summary>draft-ietf-rmcat-gcc-02 §6: more than 10 % loss means the sender causes it.</summary>
    public const double MaxLossFraction = 0.10;

    /// <summary>Fewer packets than this since the trial started say too little about loss (as the loss-based controller).</summary>
    public const int MinPacketsForLoss = 20;

    private long _backoffUs = (long)InitialBackoff.TotalMicroseconds;
    private long _nextTrialUs = long.MaxValue;
    private long _startedUs = -1;
    private long _flowingSinceUs = -1;
    private long _receivedAtStart;
    private long _lostAtStart;

    /// <summary>True between <see cref="Start"/> and the verdict.</summary>
    public bool IsRunning => _startedUs >= 0;

    /// <summary>The wait before the next trial.</summary>
    public TimeSpan Backoff => TimeSpan.FromMicroseconds(_backoffUs);

    /// <summary>Trials started, passed and failed since the transport was created.</summary>
    public long Started { get; private set; }

    public long Passed { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Some video was paused (again): the next trial is due one backoff from now, unless one is already due sooner.</summary>
    public void OnPaused(long nowUs)
    {
        if (!IsRunning)
        {
            _nextTrialUs = Math.Min(_nextTrialUs, nowUs + _backoffUs);
        }
    }

    /// <summary>Nothing is paused any more: no trial is due.</summary>
    public void OnNothingPaused()
    {
        _nextTrialUs = long.MaxValue;
        _startedUs = -1;
    }

    /// <summary>True when no trial runs and the next one is due.</summary>
    public bool IsDue(long nowUs) => !IsRunning && nowUs >= _nextTrialUs;

    /// <summary>A trial starts now; <paramref name="received"/> and <paramref name="lost"/> are the estimator's packet counts so far.</summary>
    public void Start(long nowUs, long received, long lost)
    {
        _startedUs = nowUs;
        _flowingSinceUs = -1;
        _receivedAtStart = received;
        _lostAtStart = lost;
        Started++;
    }

    /// <summary>
    /// One feedback applied during a trial: <paramref name="videoFlowing"/> says the resumed video has sent packets,
    /// <paramref name="overusing"/> is the delay-based detector's signal, <paramref name="received"/> and
    /// <paramref name="lost"/> the estimator's packet counts. Returns the verdict, or null while the trial goes on.
    /// </summary>
    public bool? Judge(long nowUs, bool videoFlowing, bool overusing, long received, long lost)
    {
        if (!IsRunning)
        {
            return null;
        }

        if (!videoFlowing)
        {
            return nowUs - _startedUs >= (long)StartTimeout.TotalMicroseconds ? Conclude(nowUs, passed: false) : null;
        }

        if (_flowingSinceUs < 0)
        {
            _flowingSinceUs = nowUs;
        }

        long receivedInTrial = received - _receivedAtStart;
        long lostInTrial = lost - _lostAtStart;
        long total = receivedInTrial + lostInTrial;
        bool lossy = total >= MinPacketsForLoss && lostInTrial > MaxLossFraction * total;
        if (overusing || lossy)
        {
            return Conclude(nowUs, passed: false);
        }

        return nowUs - _flowingSinceUs >= (long)TrialLength.TotalMicroseconds ? Conclude(nowUs, passed: true) : null;
    }

    private bool Conclude(long nowUs, bool passed)
    {
        _startedUs = -1;
        if (passed)
        {
            Passed++;
            _backoffUs = (long)InitialBackoff.TotalMicroseconds;
        }
        else
        {
            Failed++;
            _backoffUs = Math.Min(2 * _backoffUs, (long)MaxBackoff.TotalMicroseconds);
        }

        _nextTrialUs = nowUs + _backoffUs;
        return passed;
    }
}
