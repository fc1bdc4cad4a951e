namespace Live.Media.Bwe;

/// <summary>
/// Decides when a sender that wants more than its estimate probes, and how fast (libwebrtc's ProbeController, reduced
/// to what an SFU needs). The delay-based estimate never runs more than 1.5× ahead of what the receiver acknowledged,
/// so a subscriber held on a low simulcast layer could never measure room for a higher one: its media is all it sends.
/// A probe sends extra packets for <see cref="DurationUs"/> at up to <see cref="Gain"/>× the estimate, towards what
/// the sender wants; one that raised the estimate is followed soon by the next (the climb is exponential), one that
/// did not waits longer, so a path that really is narrow is not flooded. Not thread safe; allocation free.
/// </summary>
public sealed class ProbeScheduler
{
    /// <summary>
    /// How long a probe lasts: long enough that a policer's burst allowance (a token bucket of ~10 kB) cannot carry all
    /// of a probe at twice a 300 kbit/s path's rate, which would measure the bucket instead of the path.
    /// </summary>
    public const long DurationUs = 300_000;

    /// <summary>A probe goes at most this far above the estimate (libwebrtc probes at 2× in its further probes).</summary>
    public const double Gain = 2.0;

    /// <summary>A probe aims this far above what is wanted, so a result a little below its rate still covers it.</summary>
    public const double WantedHeadroom = 1.25;

    /// <summary>After a probe that raised the estimate, the next one may follow this soon.</summary>
    public const long IntervalAfterRaiseUs = 1_000_000;

    /// <summary>After a probe that did not, the next one waits this long (libwebrtc's ALR probes: every 5 s)...</summary>
    public const long IntervalAfterFailureUs = 4_000_000;

    /// <summary>
    /// ...doubling with each further failure up to this: on a path that really is narrow each probe costs its viewer a
    /// little delay, and a path that widens is still found within this much (and a few raising probes).
    /// </summary>
    public const long MaxIntervalAfterFailureUs = 8_000_000;

    private long failureIntervalUs = IntervalAfterFailureUs;

    private long nextProbeUs = long.MinValue;
    private bool inFlight;

    /// <summary>Probes started.</summary>
    public long ProbesStarted { get; private set; }

    /// <summary>Probes whose result raised the estimate.</summary>
    public long ProbesRaised { get; private set; }

    /// <summary>
    /// The rate to probe at now, or 0: when <paramref name="wantedBps"/> is above <paramref name="estimateBps"/>, no probe
    /// is in flight and the interval since the last one passed. A returned rate counts as a started probe.
    /// </summary>
    public long TryStart(long nowUs, long estimateBps, long wantedBps)
    {
        if (inFlight || wantedBps <= estimateBps || nowUs < nextProbeUs || estimateBps <= 0)
        {
            return 0;
        }

        inFlight = true;
        ProbesStarted++;
        return Math.Min((long)(wantedBps * WantedHeadroom), (long)(estimateBps * Gain));
    }

    /// <summary>The probe's result is known; <paramref name="raised"/>: it raised the estimate.</summary>
    public void OnFinished(long nowUs, bool raised)
    {
        inFlight = false;
        if (raised)
        {
            ProbesRaised++;
            failureIntervalUs = IntervalAfterFailureUs;
            nextProbeUs = nowUs + IntervalAfterRaiseUs;
            return;
        }

        nextProbeUs = nowUs + failureIntervalUs;
        failureIntervalUs = Math.Min(2 * failureIntervalUs, MaxIntervalAfterFailureUs);
    }
}
