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

    private static readonly Gauge s_videoPaused = Metrics.CreateGauge(
        "live_sfu_video_consumers_paused",
        "Video consumers whose forwarding is paused because their subscriber's bandwidth estimate cannot carry even the lowest layer (audio keeps flowing).");

    private static readonly Counter s_resumeTrials = Metrics.CreateCounter(
        "live_sfu_video_resume_trials_total",
        "Trial resumptions of paused video (the lowest layer sent to see whether the subscriber's path recovered), by outcome: passed or failed.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter.Child s_resumeTrialsPassed = s_resumeTrials.WithLabels("passed");
    private static readonly Counter.Child s_resumeTrialsFailed = s_resumeTrials.WithLabels("failed");

    /// <summary>Video consumers paused for bandwidth now, across the process (tests read it).</summary>
    public static double VideoConsumersPaused => s_videoPaused.Value;

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

    internal static void VideoPaused(bool paused)
    {
        if (paused)
        {
            s_videoPaused.Inc();
        }
        else
        {
            s_videoPaused.Dec();
        }
    }

    internal static void VideoResumeTrialEnded(bool passed) => (passed ? s_resumeTrialsPassed : s_resumeTrialsFailed).Inc();
}
