namespace Live.Media.Bwe;

/// <summary>
/// Estimates whether queuing delay grows: accumulates the inter-group delay variations, smooths them, and fits a line
/// through the last <see cref="WindowSize"/> (arrival time, smoothed delay) points by least squares. Its slope, scaled,
/// is the signal m(i) the over-use detector compares with the adaptive threshold. This is the trendline filter that
/// libwebrtc uses in place of the Kalman filter of draft-ietf-rmcat-gcc-02 §5.3 (same role: estimate the queuing delay
/// gradient from noisy one-way delay samples). Allocation free.
/// </summary>
public sealed class TrendlineEstimator
{
    /// <summary>Points in the regression window (libwebrtc's trendline window: 20 groups ≈ 0.5–1 s of video).</summary>
    public const int WindowSize = 20;

    /// <summary>Exponential smoothing of the accumulated delay (libwebrtc's trendline smoothing coefficient).</summary>
    public const double SmoothingCoefficient = 0.9;

    /// <summary>Gain applied to the slope so it compares with a threshold in milliseconds (libwebrtc's threshold gain).</summary>
    public const double ThresholdGain = 4.0;

    /// <summary>The slope is also scaled by the number of deltas seen, up to this many, so that a cold start does not over-react.</summary>
    public const int MaxDeltaCountGain = 60;

    private readonly double[] times = new double[WindowSize];
    private readonly double[] delays = new double[WindowSize];
    private int count;
    private int next;
    private long firstArrivalUs = -1;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private int deltaCount;

    /// <summary>The latest slope of smoothed delay over arrival time (ms of delay per ms), 0 until the window is full.</summary>
    public double Slope { get; private set; }

    /// <summary>The detector's input m(i): <see cref="Slope"/> × min(deltas, 60) × <see cref="ThresholdGain"/>.</summary>
    public double ModifiedTrend { get; private set; }

    /// <summary>Adds one inter-group delta and returns the new <see cref="ModifiedTrend"/>.</summary>
    public double Update(in PacketGroupDelta delta)
    {
        if (firstArrivalUs < 0)
        {
            firstArrivalUs = delta.ArrivalTimeUs;
        }

        deltaCount = Math.Min(deltaCount + 1, 1000);
        accumulatedDelayMs += delta.DelayVariationUs / 1000.0;
        smoothedDelayMs = SmoothingCoefficient * smoothedDelayMs + (1 - SmoothingCoefficient) * accumulatedDelayMs;

        times[next] = (delta.ArrivalTimeUs - firstArrivalUs) / 1000.0;
        delays[next] = smoothedDelayMs;
        next = (next + 1) % WindowSize;
        count = Math.Min(count + 1, WindowSize);

        if (count == WindowSize && TryFitSlope(out double slope))
        {
            Slope = slope;
        }

        ModifiedTrend = Math.Min(deltaCount, MaxDeltaCountGain) * Slope * ThresholdGain;
        return ModifiedTrend;
    }

    /// <summary>Forgets all samples.</summary>
    public void Reset()
    {
        count = 0;
        next = 0;
        firstArrivalUs = -1;
        accumulatedDelayMs = 0;
        smoothedDelayMs = 0;
        deltaCount = 0;
        Slope = 0;
        ModifiedTrend = 0;
    }

    private bool TryFitSlope(out double slope)
    {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < count; i++)
        {
            meanX += times[i];
            meanY += delays[i];
        }

        meanX /= count;
        meanY /= count;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < count; i++)
        {
            double dx = times[i] - meanX;
            numerator += dx * (delays[i] - meanY);
            denominator += dx * dx;
        }

        slope = denominator > 0 ? numerator / denominator : 0;
        return denominator > 0;
    }
}
