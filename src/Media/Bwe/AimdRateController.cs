namespace Live.Media.Bwe;

/// <summary>
/// The delay-based rate controller of draft-ietf-rmcat-gcc-02 §5.5: a three-state machine (increase, hold, decrease)
/// driven by the over-use signal. It increases multiplicatively (≤ 8 %/s) far from the last congestion point and
/// additively near it, decreases to β = 0.85 × the received rate on over-use, holds while a queue drains, and never
/// runs more than 1.5 × ahead of the received rate. Allocation free.
/// </summary>
public sealed class AimdRateController
{
    /// <summary>§5.5: on over-use A = β · R_hat with β = 0.85.</summary>
    public const double Beta = 0.85;

    /// <summary>§5.5: multiplicative increase η = 1.08 per second, scaled by the time since the last update.</summary>
    public const double MultiplicativeIncreasePerSecond = 1.08;

    /// <summary>§5.5: A_hat must stay below 1.5 · R_hat (plus 10 kbit/s so a low start can grow).</summary>
    public const double MaxRateToReceivedRatio = 1.5;

    /// <summary>Headroom over 1.5 · R_hat, so that a nearly idle sender can still probe upward.</summary>
    public const long ReceivedRateHeadroomBps = 10_000;

    /// <summary>§5.5: response_time = RTT + 100 ms, the time for a change to show in feedback.</summary>
    public const long ResponseTimeExtraUs = 100_000;

    /// <summary>§5.5: additive increase assumes 30 frames/s and 1200-byte packets to size one packet's worth.</summary>
    public const double AssumedFramesPerSecond = 30;

    /// <summary>§5.5: packet size used to turn a frame into packets for the additive step.</summary>
    public const int AssumedPacketBits = 1200 * 8;

    /// <summary>Smoothing of the average received rate at congestion (libwebrtc's link capacity estimator, α = 0.05).</summary>
    public const double MaxRateSmoothing = 0.05;

    /// <summary>§5.5: R_hat within 3 standard deviations of the average at congestion means "near convergence".</summary>
    public const double ConvergenceDeviations = 3;

    /// <summary>Between two decreases at least this long (or one RTT when smaller) passes, so one congestion event cuts once.</summary>
    public const long MaxDecreaseIntervalUs = 200_000;

    private const double MinNormalizedVariance = 0.4;
    private const double MaxNormalizedVariance = 2.5;

    private readonly long minBps;
    private readonly long maxBps;
    private double averageMaxKbps = -1;
    private double normalizedVariance = MinNormalizedVariance;
    private long lastUpdateUs = -1;
    private long lastDecreaseUs = long.MinValue / 2;

    /// <summary>Creates a controller starting at <paramref name="startBps"/>, kept within [<paramref name="minBps"/>, <paramref name="maxBps"/>].</summary>
    public AimdRateController(long startBps, long minBps, long maxBps)
    {
        this.minBps = minBps;
        this.maxBps = maxBps;
        EstimateBps = Math.Clamp(startBps, minBps, maxBps);
    }

    /// <summary>The delay-based estimate A_r in bits per second.</summary>
    public long EstimateBps { get; private set; }

    /// <summary>The state after the last update.</summary>
    public RateControlState State { get; private set; } = RateControlState.Increase;

    /// <summary>Round-trip time used for the additive step and the decrease interval (µs).</summary>
    public long RoundTripTimeUs { get; set; } = 100_000;

    /// <summary>True when the received rate is within 3σ of the average at past congestion events.</summary>
    public bool NearConvergence { get; private set; }

    /// <summary>
    /// Applies one signal at <paramref name="nowUs"/> with the received rate <paramref name="receivedBps"/> (0 when
    /// not yet known) and returns the new estimate.
    /// </summary>
    public long Update(BandwidthUsage usage, long receivedBps, long nowUs)
    {
        if (lastUpdateUs < 0)
        {
            lastUpdateUs = nowUs;
        }

        State = Transition(State, usage);
        long estimate = EstimateBps;
        switch (State)
        {
            case RateControlState.Increase:
                estimate = Increase(receivedBps, nowUs);
                break;
            case RateControlState.Decrease:
                estimate = Decrease(receivedBps, nowUs);
                State = RateControlState.Hold;
                break;
        }

        EstimateBps = Math.Clamp(estimate, minBps, maxBps);
        lastUpdateUs = nowUs;
        return EstimateBps;
    }

    /// <summary>
    /// A probe measured that the path carries <paramref name="bps"/>: the estimate is raised to it (never lowered),
    /// which the 1.5 × R_hat cap could not do for a sender whose media is below what the path takes.
    /// </summary>
    public void RaiseTo(long bps) => EstimateBps = Math.Clamp(Math.Max(EstimateBps, bps), minBps, maxBps);

    // §5.5, Figure 2: over-use always decreases, under-use always holds, normal goes one step towards increase.
    private static RateControlState Transition(RateControlState state, BandwidthUsage usage) => usage switch
    {
        BandwidthUsage.Overusing => RateControlState.Decrease,
        BandwidthUsage.Underusing => RateControlState.Hold,
        _ => state == RateControlState.Decrease ? RateControlState.Hold : RateControlState.Increase,
    };

    private long Increase(long receivedBps, long nowUs)
    {
        double receivedKbps = receivedBps / 1000.0;
        if (averageMaxKbps >= 0 && receivedKbps > averageMaxKbps + ConvergenceDeviations * StandardDeviationKbps())
        {
            // §5.5: the rate moved well above the last congestion point; the link changed, search again.
            averageMaxKbps = -1;
        }

        NearConvergence = averageMaxKbps >= 0;
        double dtUs = Math.Clamp(nowUs - lastUpdateUs, 0, 1_000_000);
        double estimate = EstimateBps;
        double step;
        if (NearConvergence)
        {
            double bitsPerFrame = estimate / AssumedFramesPerSecond;
            double packetsPerFrame = Math.Ceiling(bitsPerFrame / AssumedPacketBits);
            double packetBits = bitsPerFrame / packetsPerFrame;
            double responseUs = RoundTripTimeUs + ResponseTimeExtraUs;
            double alpha = 0.5 * Math.Min(dtUs / responseUs, 1.0);
            step = Math.Max(1000 * dtUs / 1_000_000, alpha * packetBits);
        }
        else
        {
            step = Math.Max(estimate * (Math.Pow(MultiplicativeIncreasePerSecond, dtUs / 1_000_000) - 1), 1000 * dtUs / 1_000_000);
        }

        long increased = (long)(estimate + step);
        if (receivedBps > 0)
        {
            long cap = (long)(MaxRateToReceivedRatio * receivedBps) + ReceivedRateHeadroomBps;
            increased = Math.Min(increased, Math.Max(EstimateBps, cap));
        }

        return increased;
    }

    private long Decrease(long receivedBps, long nowUs)
    {
        long interval = Math.Min(MaxDecreaseIntervalUs, Math.Max(RoundTripTimeUs, 10_000));
        if (nowUs - lastDecreaseUs < interval)
        {
            return EstimateBps;
        }

        lastDecreaseUs = nowUs;
        double receivedKbps = receivedBps / 1000.0;
        long decreased = receivedBps > 0 ? (long)(Beta * receivedBps) : (long)(Beta * EstimateBps);
        if (receivedBps > 0)
        {
            if (averageMaxKbps >= 0 && receivedKbps < averageMaxKbps - ConvergenceDeviations * StandardDeviationKbps())
            {
                averageMaxKbps = -1;
            }

            UpdateAverageMax(receivedKbps);
        }

        // §5.5 sets A = β · R_hat even when that is above A_hat: the receiver just measured R_hat, so a sender that
        // sent more than its estimate learns the path's rate instead of staying stuck below it.
        return decreased;
    }

    private void UpdateAverageMax(double receivedKbps)
    {
        averageMaxKbps = averageMaxKbps < 0 ? receivedKbps : (1 - MaxRateSmoothing) * averageMaxKbps + MaxRateSmoothing * receivedKbps;
        double norm = Math.Max(averageMaxKbps, 1);
        double error = averageMaxKbps - receivedKbps;
        normalizedVariance = Math.Clamp(
            (1 - MaxRateSmoothing) * normalizedVariance + MaxRateSmoothing * error * error / norm, MinNormalizedVariance, MaxNormalizedVariance);
    }

    private double StandardDeviationKbps() => Math.Sqrt(normalizedVariance * Math.Max(averageMaxKbps, 1));
}
