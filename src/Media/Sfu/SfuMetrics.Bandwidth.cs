using Prometheus;

namespace Live.Media.Sfu;

/// <content>
/// Send-side bandwidth estimation towards subscribers. No label names a participant, a transport or a room: the
/// distribution of estimates is what an operator needs, and per-participant series would both grow without bound and
/// say who watches whom.
/// </content>
public static partial class SfuMetrics
{
    private static readonly Counter s_feedbackReceived = Metrics.CreateCounter(
        "live_sfu_transport_feedback_received_total",
        "Transport-wide congestion control feedback packets received from subscribers, by outcome: applied (to the transport's estimate), ignored (the transport stamps nothing) or malformed.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter.Child[] s_feedbackReceivedBy =
    [
        s_feedbackReceived.WithLabels("applied"), s_feedbackReceived.WithLabels("ignored"), s_feedbackReceived.WithLabels("malformed"),
    ];

    // 64 kbit/s (audio only) to 16 Mbit/s (a 1080p camera and a screen), doubling: the estimator's range, in 9 buckets.
    private static readonly Histogram s_bandwidthEstimate = Metrics.CreateHistogram(
        "live_sfu_bandwidth_estimate_bits_per_second",
        "Send-side bandwidth estimates towards subscribers (draft-ietf-rmcat-gcc-02), one observation per transport-cc feedback applied.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(64_000, 2, 9) });

    /// <summary>What became of a transport-cc feedback packet from a subscriber.</summary>
    internal enum FeedbackOutcome
    {
        Applied = 0,
        Ignored = 1,
        Malformed = 2,
    }

    /// <summary>Total feedback packets applied to subscribers' estimates since the process started (tests read it).</summary>
    public static double TransportFeedbackApplied => s_feedbackReceivedBy[(int)FeedbackOutcome.Applied].Value;

    /// <summary>Estimates observed since the process started (tests read it).</summary>
    public static double BandwidthEstimates => s_bandwidthEstimate.Count;

    internal static void TransportFeedbackReceived(FeedbackOutcome outcome) => s_feedbackReceivedBy[(int)outcome].Inc();

    internal static void BandwidthEstimated(long bitsPerSecond) => s_bandwidthEstimate.Observe(bitsPerSecond);
}
