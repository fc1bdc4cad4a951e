namespace Live.Media.Bwe;

/// <summary>
/// Turns the delay gradient m(i) into a signal (draft-ietf-rmcat-gcc-02 §5.4): over-use when m exceeds the adaptive
/// threshold for at least <see cref="OveruseTimeThresholdUs"/> and is not falling, under-use when it is below −γ,
/// normal otherwise. Allocation free.
/// </summary>
public sealed class OveruseDetector
{
    /// <summary>§5.4: overuse_time_th = 10 ms, how long m must stay above γ before over-use is signalled.</summary>
    public const long OveruseTimeThresholdUs = 10_000;

    private readonly AdaptiveThreshold threshold = new();
    private long timeOverUsingUs = -1;
    private int overuseCount;
    private double previousTrend;

    /// <summary>The latest signal.</summary>
    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>The current threshold γ in milliseconds.</summary>
    public double ThresholdMs => threshold.ThresholdMs;

    /// <summary>Feeds one modified trend, computed from a group <paramref name="sendDeltaUs"/> after the previous one, and returns the signal.</summary>
    public BandwidthUsage Detect(double modifiedTrend, long sendDeltaUs, long nowUs)
    {
        double gamma = threshold.ThresholdMs;
        if (modifiedTrend > gamma)
        {
            // The first sample above γ counts half its interval: it crossed somewhere in between.
            timeOverUsingUs = timeOverUsingUs < 0 ? sendDeltaUs / 2 : timeOverUsingUs + sendDeltaUs;
            overuseCount++;
            if (timeOverUsingUs > OveruseTimeThresholdUs && overuseCount > 1 && modifiedTrend >= previousTrend)
            {
                timeOverUsingUs = 0;
                overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -gamma)
        {
            timeOverUsingUs = -1;
            overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            timeOverUsingUs = -1;
            overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        previousTrend = modifiedTrend;
        threshold.Update(modifiedTrend, nowUs);
        return State;
    }
}
