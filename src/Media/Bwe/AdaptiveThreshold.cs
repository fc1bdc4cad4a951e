namespace Live.Media.Bwe;

/// <summary>
/// The over-use threshold γ(i) of draft-ietf-rmcat-gcc-02 §5.4, adapted to the delay signal so that GCC neither
/// starves against loss-based TCP flows nor reacts to noise: it rises quickly towards a large |m(i)| and falls slowly
/// (Carlucci et al., MMSys 2016, §3.2). Allocation free.
/// </summary>
public sealed class AdaptiveThreshold
{
    /// <summary>§5.4: initial threshold, 12.5 ms.</summary>
    public const double InitialThresholdMs = 12.5;

    /// <summary>§5.4: the threshold is kept within [6, 600] ms.</summary>
    public const double MinThresholdMs = 6;

    /// <summary>§5.4: upper bound of the threshold.</summary>
    public const double MaxThresholdMs = 600;

    /// <summary>Gain when |m| exceeds the threshold (libwebrtc's value for the trendline signal; the draft's Kalman value is 0.01).</summary>
    public const double GainUp = 0.0087;

    /// <summary>Gain when |m| is below the threshold (libwebrtc's value for the trendline signal; the draft's Kalman value is 0.00018).</summary>
    public const double GainDown = 0.039;

    /// <summary>§5.4: samples with |m| − γ above 15 ms are outliers (a sudden route change) and do not move the threshold.</summary>
    public const double MaxAdaptOffsetMs = 15;

    /// <summary>The time step in the update is capped at 100 ms so a pause in feedback does not swing the threshold.</summary>
    public const double MaxTimeDeltaMs = 100;

    private long lastUpdateUs = -1;

    /// <summary>The current threshold γ(i) in milliseconds.</summary>
    public double ThresholdMs { get; private set; } = InitialThresholdMs;

    /// <summary>§5.4: γ(i) = γ(i−1) + Δt · K(i) · (|m(i)| − γ(i−1)), K = <see cref="GainDown"/> when |m| &lt; γ else <see cref="GainUp"/>.</summary>
    public void Update(double modifiedTrend, long nowUs)
    {
        if (lastUpdateUs < 0)
        {
            lastUpdateUs = nowUs;
        }

        double magnitude = Math.Abs(modifiedTrend);
        if (magnitude > ThresholdMs + MaxAdaptOffsetMs)
        {
            lastUpdateUs = nowUs;
            return;
        }

        double gain = magnitude < ThresholdMs ? GainDown : GainUp;
        double dtMs = Math.Clamp((nowUs - lastUpdateUs) / 1000.0, 0, MaxTimeDeltaMs);
        ThresholdMs = Math.Clamp(ThresholdMs + dtMs * gain * (magnitude - ThresholdMs), MinThresholdMs, MaxThresholdMs);
        lastUpdateUs = nowUs;
    }
}
