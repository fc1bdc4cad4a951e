namespace Live.Media.Bwe;

/// <summary>
/// The loss-based controller of draft-ietf-rmcat-gcc-02 §6: each loss report moves the sender-side estimate A_s —
/// down by half the loss fraction above 10 % loss, up by 5 % below 2 %, unchanged in between (losses that low are
/// the path's, not the sender's). A decrease starts from the rate actually targeted (the delay-based estimate may be
/// the lower one), and the estimate never runs more than <see cref="MaxRatioToTarget"/> × ahead of the target, so it
/// does not grow unbounded in the background while the delay-based controller limits. Allocation free.
/// </summary>
public sealed class LossBasedController
{
    /// <summary>§6: above 10 % loss the estimate decreases.</summary>
    public const double DecreaseLossThreshold = 0.10;

    /// <summary>§6: below 2 % loss the estimate increases.</summary>
    public const double IncreaseLossThreshold = 0.02;

    /// <summary>§6: A_s(i) = 1.05 · A_s(i−1) when loss is low.</summary>
    public const double IncreaseFactor = 1.05;

    /// <summary>§6: A_s(i) = A_s(i−1) · (1 − 0.5 · p) when loss is high.</summary>
    public const double DecreaseLossWeight = 0.5;

    /// <summary>
    /// Ceiling of A_s relative to the current target: far enough ahead that low loss never slows the delay-based
    /// controller's 8 %/s increase, near enough that the next loss burst cuts from a real rate.
    /// </summary>
    public const double MaxRatioToTarget = 2.0;

    /// <summary>
    /// A report of low loss also lets the target grow 20 % before the next report: the delay-based controller rises at
    /// most 8 %/s (§5.5) and reports come about once a second, so low loss never holds it back.
    /// </summary>
    public const double LowLossHeadroom = 1.2;

    private readonly long minBps;
    private readonly long maxBps;

    /// <summary>Creates a controller starting at <paramref name="startBps"/>, kept within [<paramref name="minBps"/>, <paramref name="maxBps"/>].</summary>
    public LossBasedController(long startBps, long minBps, long maxBps)
    {
        this.minBps = minBps;
        this.maxBps = maxBps;
        EstimateBps = Math.Clamp(startBps, minBps, maxBps);
    }

    /// <summary>The loss-based estimate A_s in bits per second.</summary>
    public long EstimateBps { get; private set; }

    /// <summary>The loss fraction of the last report, 0–1.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>A probe measured that the path carries <paramref name="bps"/>: the estimate is raised to it (never lowered).</summary>
    public void RaiseTo(long bps) => EstimateBps = Math.Clamp(Math.Max(EstimateBps, bps), minBps, maxBps);

    /// <summary>
    /// Applies one loss report: <paramref name="lossFraction"/> (0–1) of the packets sent since the previous report
    /// were lost, while the sender targeted <paramref name="currentTargetBps"/>. Returns the new estimate.
    /// </summary>
    public long Update(double lossFraction, long currentTargetBps)
    {
        double loss = double.IsFinite(lossFraction) ? Math.Clamp(lossFraction, 0, 1) : 0;
        LastLossFraction = loss;
        double target = Math.Max(currentTargetBps, minBps);
        double estimate = loss > DecreaseLossThreshold
            ? Math.Min(EstimateBps, target) * (1 - DecreaseLossWeight * loss)
            : Math.Min(loss < IncreaseLossThreshold ? Math.Max(EstimateBps * IncreaseFactor, LowLossHeadroom * target) : EstimateBps, MaxRatioToTarget * target);
        EstimateBps = Math.Clamp((long)estimate, minBps, maxBps);
        return EstimateBps;
    }
}
