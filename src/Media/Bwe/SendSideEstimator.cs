using Live.Media.Rtcp;

namespace Live.Media.Bwe;

/// <summary>
/// The send-side bandwidth estimate for one subscriber's transport (draft-ietf-rmcat-gcc-02 with transport-wide
/// feedback): the sender records each packet it stamps with a transport-wide sequence number, the receiver's
/// <see cref="TransportWideFeedback"/> says when each arrived, and two controllers turn that into a target bitrate —
/// the delay-based one (arrival groups → trendline → over-use detector → AIMD) and the loss-based one (§6). The target
/// is the smaller of the two (§4). Timestamps come from the caller, so it runs the same in a simulation as on the wire.
/// Not thread safe: one instance per transport, called from that transport's send path.
/// </summary>
public sealed partial class SendSideEstimator
{
    /// <summary>Start estimate: 1 Mbit/s, a camera at 640×360 (libwebrtc starts at 300 kbit/s; a focus group needs faces at once).</summary>
    public const long DefaultStartBps = 1_000_000;

    /// <summary>Floor: enough for audio and a thumbnail.</summary>
    public const long DefaultMinBps = 50_000;

    /// <summary>Ceiling: a 1080p camera plus screen share.</summary>
    public const long DefaultMaxBps = 20_000_000;

    /// <summary>§6: the loss-based controller runs once per receiver report, about once per second for video.</summary>
    public const long LossUpdateIntervalUs = 1_000_000;

    /// <summary>Fewer packets than this in a loss interval say too little to move the loss-based estimate.</summary>
    public const int MinPacketsPerLossUpdate = 20;

    private readonly SentPacketHistory history = new();
    private readonly ArrivalGroupAccumulator groups = new();
    private readonly TrendlineEstimator trendline = new();
    private readonly OveruseDetector detector = new();
    private readonly AimdRateController delayBased;
    private readonly LossBasedController lossBased;
    private readonly AcknowledgedBitrateEstimator acknowledged = new();
    private readonly long minBps;
    private readonly long maxBps;
    private int lostInInterval;
    private int receivedInInterval;
    private long lossIntervalStartUs = -1;
    private long lastFeedbackLossUpdateUs = long.MinValue / 2;

    /// <summary>Creates an estimator starting at <paramref name="startBps"/>, kept within [<paramref name="minBps"/>, <paramref name="maxBps"/>].</summary>
    public SendSideEstimator(long startBps = DefaultStartBps, long minBps = DefaultMinBps, long maxBps = DefaultMaxBps)
    {
        if (minBps <= 0 || maxBps < minBps)
        {
            throw new ArgumentOutOfRangeException(nameof(minBps), "Need 0 < minBps <= maxBps.");
        }

        this.minBps = minBps;
        this.maxBps = maxBps;
        delayBased = new AimdRateController(startBps, minBps, maxBps);
        lossBased = new LossBasedController(startBps, minBps, maxBps);
        TargetBitrateBps = Math.Clamp(startBps, minBps, maxBps);
    }

    /// <summary>The target bitrate A = min(A_r, A_s) in bits per second (§4).</summary>
    public long TargetBitrateBps { get; private set; }

    /// <summary>The delay-based estimate A_r.</summary>
    public long DelayBasedBps => delayBased.EstimateBps;

    /// <summary>The loss-based estimate A_s.</summary>
    public long LossBasedBps => lossBased.EstimateBps;

    /// <summary>The acknowledged (received) rate R_hat, 0 until 500 ms of feedback.</summary>
    public long AcknowledgedBps => acknowledged.BitrateBps;

    /// <summary>The latest over-use signal.</summary>
    public BandwidthUsage Usage => detector.State;

    /// <summary>The delay-based controller's state.</summary>
    public RateControlState RateControlState => delayBased.State;

    /// <summary>The latest modified trend m(i) and threshold γ(i), in ms, for diagnostics.</summary>
    public (double Trend, double Threshold) DelaySignal => (trendline.ModifiedTrend, detector.ThresholdMs);

    /// <summary>Feedback packets processed.</summary>
    public long FeedbackCount { get; private set; }

    /// <summary>Packet reports for sequence numbers never sent or already forgotten (counted and ignored).</summary>
    public long UnknownPacketReports { get; private set; }

    /// <summary>Packets reported received.</summary>
    public long ReceivedPackets { get; private set; }

    /// <summary>Packets reported lost (and not later reported received).</summary>
    public long LostPackets { get; private set; }

    /// <summary>Receiver reports whose loss was ignored because transport-wide feedback already measures it.</summary>
    public long IgnoredReceiverReports { get; private set; }

    /// <summary>Sets the round-trip time (from RTCP SR/RR) used by the rate controller.</summary>
    public void SetRoundTripTime(long roundTripTimeUs) => delayBased.RoundTripTimeUs = Math.Max(0, roundTripTimeUs);

    /// <summary>Records a packet sent with transport-wide sequence number <paramref name="transportSequence"/>.</summary>
    public void OnPacketSent(ushort transportSequence, int sizeBytes, long sendTimeUs) =>
        probe.OnSent(history.Add(transportSequence, sizeBytes, sendTimeUs), sizeBytes, sendTimeUs);

    /// <summary>
    /// A receiver report for this transport's media said <paramref name="fractionLost"/>/256 were lost (RFC 3550
    /// §6.4.1). Used by the loss-based controller unless transport-wide feedback measured loss recently.
    /// </summary>
    public long OnReceiverReport(byte fractionLost, long nowUs)
    {
        if (nowUs - lastFeedbackLossUpdateUs < 2 * LossUpdateIntervalUs)
        {
            IgnoredReceiverReports++;
            return TargetBitrateBps;
        }

        lossBased.Update(fractionLost / 256.0, TargetBitrateBps);
        return UpdateTarget();
    }

    private long UpdateTarget()
    {
        TargetBitrateBps = Math.Clamp(Math.Min(delayBased.EstimateBps, lossBased.EstimateBps), minBps, maxBps);
        return TargetBitrateBps;
    }
}
