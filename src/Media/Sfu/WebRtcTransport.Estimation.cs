using Live.Media.Bwe;
using Live.Media.Rtcp;

namespace Live.Media.Sfu;

/// <summary>
/// Send-side bandwidth estimation towards the subscriber (draft-ietf-rmcat-gcc-02 with
/// draft-holmer-rmcat-transport-wide-cc-extensions-01): every RTP packet the SFU sends on this transport — any consumer,
/// retransmissions included — carries the next number of one transport-wide counter, and is remembered with its size
/// and send time; the subscriber's transport-cc feedback says when each arrived, and a <see cref="SendSideEstimator"/>
/// turns that into <see cref="EstimatedBitrate"/>. Stamping, recording and feedback share the send lock: the estimator
/// is not thread safe, and sends come from packet lanes, the report timer and negotiations.
/// </summary>
public sealed partial class WebRtcTransport
{
    // All guarded by _sendLock.
    private SendSideEstimator? _estimator;
    private byte _outgoingTransportWideCcId;
    private ushort _nextTransportSequence;

    // 0 until the first feedback that reported a packet the SFU sent; read without the lock.
    private long _estimatedBitrate;

    private long _feedbackReceived;

    // What the path was shown to carry (SendSideEstimator.VerifiedBitrateBps) at the last feedback; read without the lock.
    private long _verifiedBitrate;

    /// <summary>
    /// The send-side estimate of what the path to this subscriber carries, in bits per second, or null before the
    /// subscriber's first transport-cc feedback on a packet the SFU sent (or when it negotiated no transport-cc).
    /// Each new estimate re-aims this transport's simulcast consumers by its verified part (WebRtcTransport.LayerBudget.cs)
    /// and may pause or resume its video (WebRtcTransport.VideoPause.cs).
    /// </summary>
    public long? EstimatedBitrate
    {
        get
        {
            long bps = Volatile.Read(ref _estimatedBitrate);
            return bps > 0 ? bps : null;
        }
    }

    /// <summary>
    /// The part of <see cref="EstimatedBitrate"/> the path was shown to carry (the most the subscriber acknowledged, or a
    /// probe measured), in bits per second; 0 before. Simulcast layers are chosen from this, so a subscriber starts on the lowest
    /// layer and climbs as probes show room, rather than starting on whatever the estimator's start value pays for.
    /// </summary>
    public long VerifiedBitrate => Volatile.Read(ref _verifiedBitrate);

    /// <summary>Transport-wide feedback packets received from this transport's subscriber and applied to the estimate.</summary>
    public long TransportFeedbackReceived => Interlocked.Read(ref _feedbackReceived);

    /// <summary>The subscriber's id for the transport-wide-cc extension on what the SFU sends; 0 when not negotiated.</summary>
    internal byte OutgoingTransportWideCcExtensionId
    {
        get
        {
            lock (_sendLock)
            {
                return _outgoingTransportWideCcId;
            }
        }
    }

    /// <summary>
    /// Stamps what the SFU sends with transport-wide sequence numbers in extension <paramref name="id"/> (the answer's
    /// extmap in the sections the SFU sends on), or stops when <paramref name="id"/> is 0. Called by the router under its
    /// lock after each negotiation. The estimator and the counter are created once and outlive renegotiations: the
    /// sequence is the transport's, whatever its consumers.
    /// </summary>
    internal void EnableSendSideEstimation(byte id)
    {
        lock (_sendLock)
        {
            if (id != 0)
            {
                _estimator ??= new SendSideEstimator();
            }

            _outgoingTransportWideCcId = id;
        }
    }

    /// <summary>Send lock held: the packet stamped with <paramref name="sequence"/> went out; remember it for feedback.</summary>
    private void OnTransportSequenceSent(ushort sequence, int size)
    {
        _nextTransportSequence = (ushort)(sequence + 1);
        _estimator!.OnPacketSent(sequence, size, NowMicroseconds());
    }

    /// <summary>
    /// Receive thread: a transport-cc feedback (RTPFB FMT 15) from the subscriber, read in place and applied to the
    /// estimator. A malformed one, or one for a transport that stamps nothing, changes nothing.
    /// </summary>
    private void OnTransportFeedback(ReadOnlySpan<byte> packet)
    {
        if (!TransportWideFeedbackReader.TryCreate(packet, out TransportWideFeedbackReader reader))
        {
            SfuMetrics.TransportFeedbackReceived(SfuMetrics.FeedbackOutcome.Malformed);
            return;
        }

        long estimate, verified, acknowledged, received, lost;
        bool overusing;
        long nowUs = NowMicroseconds();
        lock (_sendLock)
        {
            if (_estimator is not { } estimator)
            {
                SfuMetrics.TransportFeedbackReceived(SfuMetrics.FeedbackOutcome.Ignored);
                return;
            }

            estimate = estimator.OnFeedback(reader, nowUs);
            verified = estimator.VerifiedBitrateBps;
            acknowledged = estimator.AcknowledgedBps;
            overusing = estimator.Usage == BandwidthUsage.Overusing;
            received = estimator.ReceivedPackets;
            lost = estimator.LostPackets;
            if (received + lost == 0)
            {
                // Nothing it reported was sent by us (yet): the start value is no estimate.
                estimate = 0;
            }
        }

        Interlocked.Increment(ref _feedbackReceived);
        SfuMetrics.TransportFeedbackReceived(SfuMetrics.FeedbackOutcome.Applied);
        if (estimate > 0)
        {
            Volatile.Write(ref _estimatedBitrate, estimate);
            SfuMetrics.BandwidthEstimated(estimate);
            Volatile.Write(ref _verifiedBitrate, verified);
            ApplyEstimateToVideoPause(estimate, acknowledged, overusing, received, lost, nowUs);
            ApplyEstimateToLayers(verified);
        }
    }

    /// <summary>The server clock in µs: the estimator compares send times with each other, never with the receiver's clock.</summary>
    private long NowMicroseconds()
    {
        TimeProvider time = Server.Time;
        return time.GetElapsedTime(0, time.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond;
    }
}
