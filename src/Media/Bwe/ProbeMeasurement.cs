namespace Live.Media.Bwe;

/// <summary>
/// Measures one probe: a train of packets sent at a set rate for a short time (libwebrtc's probe cluster, as in its
/// ProbeBitrateEstimator). The rate the path carried is the probe's bytes over the span of their arrivals; the result
/// is the smaller of that and the rate they were sent at, and when the path delivered clearly less than was sent, a
/// little below what it delivered (the probe filled a queue). A probe that lost many packets measured nothing.
/// Not thread safe; allocation free.
/// </summary>
public sealed class ProbeMeasurement
{
    /// <summary>Fewer than this share of a probe's packets received: the probe failed (loss, not a rate).</summary>
    public const double MinReceivedShare = 0.8;

    /// <summary>Delivered below this share of the send rate: the path is the limit (libwebrtc: 0.9).</summary>
    public const double SaturatedRatio = 0.9;

    /// <summary>A saturated probe's result is this share of the delivered rate (libwebrtc: 0.95), since it built a queue.</summary>
    public const double SaturatedBackOff = 0.95;

    /// <summary>Feedback for a probe's packets is waited for at most this long after its last one was sent.</summary>
    public const long FeedbackTimeoutUs = 1_000_000;

    /// <summary>Fewer packets than this measure no rate.</summary>
    public const int MinPackets = 5;

    /// <summary>A span shorter than this (one transport-cc tick) is taken as this.</summary>
    private const long MinSpanUs = 250;

    private long first = -1;
    private long last = -1;
    private bool sending;
    private int sentPackets;
    private long sentBytes;
    private long firstSendUs;
    private long lastSendUs;
    private int lastSentSize;
    private long endUs;
    private int receivedPackets;
    private long receivedBytes;
    private long firstArrivalUs = long.MaxValue;
    private int firstArrivalSize;
    private long lastArrivalUs = long.MinValue;

    /// <summary>True from <see cref="Begin"/> until the result is known (<see cref="TryComplete"/>).</summary>
    public bool IsActive { get; private set; }

    /// <summary>The rate the probe is sent at.</summary>
    public long TargetBps { get; private set; }

    /// <summary>Starts a probe at <paramref name="targetBps"/>: packets sent from now until <see cref="End"/> belong to it.</summary>
    public void Begin(long targetBps)
    {
        IsActive = true;
        sending = true;
        TargetBps = targetBps;
        first = last = -1;
        sentPackets = receivedPackets = 0;
        sentBytes = receivedBytes = 0;
        firstArrivalUs = long.MaxValue;
        lastArrivalUs = long.MinValue;
    }

    /// <summary>A packet with unwrapped transport sequence <paramref name="sequence"/> was sent.</summary>
    public void OnSent(long sequence, int sizeBytes, long sendTimeUs)
    {
        if (!sending)
        {
            return;
        }

        if (first < 0)
        {
            first = sequence;
            firstSendUs = sendTimeUs;
        }

        last = sequence;
        lastSendUs = sendTimeUs;
        lastSentSize = sizeBytes;
        sentPackets++;
        sentBytes += sizeBytes;
    }

    /// <summary>The probe's last packet was sent.</summary>
    public void End(long nowUs)
    {
        sending = false;
        endUs = nowUs;
    }

    /// <summary>A packet was reported received for the first time.</summary>
    public void OnReceived(long sequence, int sizeBytes, long arrivalUs)
    {
        if (!IsActive || first < 0 || sequence < first || sequence > last)
        {
            return;
        }

        receivedPackets++;
        receivedBytes += sizeBytes;
        if (arrivalUs < firstArrivalUs)
        {
            firstArrivalUs = arrivalUs;
            firstArrivalSize = sizeBytes;
        }

        lastArrivalUs = Math.Max(lastArrivalUs, arrivalUs);
    }

    /// <summary>
    /// Once every packet of the ended probe was reported, or the feedback timeout passed: the measured rate in
    /// <paramref name="resultBps"/> (0 when the probe measured nothing) and true; false while still waiting.
    /// </summary>
    public bool TryComplete(long nowUs, out long resultBps)
    {
        resultBps = 0;
        if (!IsActive || sending || (receivedPackets < sentPackets && nowUs - endUs < FeedbackTimeoutUs))
        {
            return false;
        }

        IsActive = false;
        if (sentPackets < MinPackets || receivedPackets < MinReceivedShare * sentPackets)
        {
            return true;
        }

        // The first arrival opens the span and the last send closes it: neither one's bytes lie inside.
        double sendRate = (sentBytes - lastSentSize) * 8.0 * 1_000_000 / Math.Max(lastSendUs - firstSendUs, MinSpanUs);
        double receiveRate = (receivedBytes - firstArrivalSize) * 8.0 * 1_000_000 / Math.Max(lastArrivalUs - firstArrivalUs, MinSpanUs);
        double rate = Math.Min(Math.Min(sendRate, receiveRate), TargetBps);
        if (receiveRate < SaturatedRatio * sendRate)
        {
            rate = SaturatedBackOff * receiveRate;
        }

        resultBps = (long)rate;
        return true;
    }
}
