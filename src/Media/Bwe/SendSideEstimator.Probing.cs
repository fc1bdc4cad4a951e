namespace Live.Media.Bwe;

/// <content>
/// Probing (<see cref="ProbeScheduler"/>, <see cref="ProbeMeasurement"/>): the caller asks whether to probe, sends the
/// probe's packets through <see cref="OnPacketSent"/> like any other, and ends it; the feedback on them gives a rate,
/// and a rate above the target raises both controllers to it, unless the delay signal says the path is over-used.
/// </content>
public sealed partial class SendSideEstimator
{
    private readonly ProbeMeasurement probe = new();
    private readonly ProbeScheduler probes = new();
    private long verifiedAtProbeStart;

    /// <summary>True while a probe is being sent or its feedback awaited.</summary>
    public bool IsProbing => probe.IsActive;

    /// <summary>The last probe's measured rate (0: it measured nothing, or none finished yet).</summary>
    public long LastProbeResultBps { get; private set; }

    /// <summary>Probes started and probes that raised the estimate.</summary>
    public (long Started, long Raised) ProbeCounts => (probes.ProbesStarted, probes.ProbesRaised);

    /// <summary>
    /// The most the path has been shown to carry: the highest acknowledged rate after any feedback, and the probe results
    /// that raised the estimate (not 1.5 × the acknowledged rate, the delay-based controller's cap: on a saturated path
    /// that is half again what it carries). A high-water mark: it never falls by itself, so a noisy acknowledged rate
    /// (a loaded receiver, a probe's padding leaving the window) does not move the layers; the target falls when the
    /// path does.
    /// </summary>
    public long ProvenBps { get; private set; }

    /// <summary>
    /// What the path has been shown to carry of the target: min(target, <see cref="ProvenBps"/>). Before any measurement
    /// (the start value is a guess) it is 0. A sender that can choose how much to send (an SFU picking simulcast layers)
    /// spends this, and probes for more.
    /// </summary>
    public long VerifiedBitrateBps => Math.Min(TargetBitrateBps, ProvenBps);

    /// <summary>
    /// The rate to probe at, or 0 when no probe is due: the sender would use <paramref name="wantedBps"/> and the verified
    /// rate is below it. A returned rate starts the probe: every packet sent until <see cref="EndProbe"/> belongs to it.
    /// </summary>
    public long TryStartProbe(long nowUs, long wantedBps)
    {
        long verified = VerifiedBitrateBps;
        long rate = probes.TryStart(nowUs, verified, wantedBps);
        if (rate > 0)
        {
            probe.Begin(rate);
            verifiedAtProbeStart = verified;
        }

        return rate;
    }

    /// <summary>The probe's packets are all sent.</summary>
    public void EndProbe(long nowUs) => probe.End(nowUs);

    /// <summary>After each feedback: what was acknowledged raises <see cref="ProvenBps"/>.</summary>
    private void UpdateProven()
    {
        long acknowledgedBps = acknowledged.BitrateBps;
        if (acknowledgedBps > 0)
        {
            ProvenBps = Math.Max(ProvenBps, acknowledgedBps);
        }
    }

    private void ApplyProbeResult(long nowUs)
    {
        if (!probe.TryComplete(nowUs, out long result))
        {
            return;
        }

        LastProbeResultBps = result;
        // Compared with what was shown before the probe: its own packets are in the acknowledged rate by now.
        bool raised = result > verifiedAtProbeStart && detector.State != BandwidthUsage.Overusing;
        if (raised)
        {
            ProvenBps = Math.Max(ProvenBps, result);
            delayBased.RaiseTo(result);
            lossBased.RaiseTo(result);
        }

        probes.OnFinished(nowUs, raised);
    }
}
