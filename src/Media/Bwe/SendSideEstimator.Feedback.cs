using Live.Media.Rtcp;

namespace Live.Media.Bwe;

/// <content>Processing of one transport-wide feedback packet: per-packet results, then both controllers.</content>
public sealed partial class SendSideEstimator
{
    /// <summary>
    /// Applies one parsed transport-wide feedback received at <paramref name="nowUs"/> (sender clock) and returns the
    /// new target. Reads the statuses and deltas in place (no list of received packets is built).
    /// </summary>
    public long OnFeedback(TransportWideFeedback feedback, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        StartFeedback(nowUs);
        IReadOnlyList<TwccPacketStatus> statuses = feedback.Statuses;
        IReadOnlyList<short> deltas = feedback.ReceiveDeltas;
        long ticks = feedback.ReferenceTime * (TransportWideFeedback.ReferenceTimeUnitMicroseconds / TransportWideFeedback.DeltaUnitMicroseconds);
        int deltaIndex = 0;
        for (int i = 0; i < statuses.Count; i++)
        {
            ushort sequence = (ushort)(feedback.BaseSequenceNumber + i);
            bool received = statuses[i] != TwccPacketStatus.NotReceived;
            if (received)
            {
                if (deltaIndex >= deltas.Count)
                {
                    break;
                }

                ticks += deltas[deltaIndex++];
            }

            OnPacketResult(sequence, received, ticks * TransportWideFeedback.DeltaUnitMicroseconds);
        }

        return FinishFeedback(nowUs);
    }

    /// <summary>
    /// Applies one feedback packet read in place (the SFU's receive path: nothing allocates) received at
    /// <paramref name="nowUs"/> (sender clock) and returns the new target.
    /// </summary>
    public long OnFeedback(TransportWideFeedbackReader feedback, long nowUs)
    {
        StartFeedback(nowUs);
        while (feedback.MoveNext())
        {
            OnPacketResult(feedback.SequenceNumber, feedback.Received, feedback.ArrivalMicroseconds);
        }

        return FinishFeedback(nowUs);
    }

    private void StartFeedback(long nowUs)
    {
        FeedbackCount++;
        if (lossIntervalStartUs < 0)
        {
            lossIntervalStartUs = nowUs;
        }
    }

    private long FinishFeedback(long nowUs)
    {
        delayBased.Update(detector.State, acknowledged.BitrateBps, nowUs);
        MaybeUpdateLossBased(nowUs);
        UpdateTarget();
        UpdateProven();
        ApplyProbeResult(nowUs);
        return UpdateTarget();
    }

    private void OnPacketResult(ushort sequence, bool received, long arrivalUs)
    {
        if (!history.TryGet(sequence, out long unwrapped, out long sendTimeUs, out int size, out SentPacketHistory.SentPacketState state))
        {
            UnknownPacketReports++;
            return;
        }

        if (!received)
        {
            if (state == SentPacketHistory.SentPacketState.Sent)
            {
                history.SetState(unwrapped, SentPacketHistory.SentPacketState.Lost);
                LostPackets++;
                lostInInterval++;
            }

            return;
        }

        if (state == SentPacketHistory.SentPacketState.Received)
        {
            return;
        }

        if (state == SentPacketHistory.SentPacketState.Lost)
        {
            // Reported lost by one feedback, received by a later one: it was late, not lost.
            LostPackets--;
            lostInInterval = Math.Max(0, lostInInterval - 1);
        }

        history.SetState(unwrapped, SentPacketHistory.SentPacketState.Received);
        probe.OnReceived(unwrapped, size, arrivalUs);
        ReceivedPackets++;
        receivedInInterval++;
        acknowledged.Add(arrivalUs, size);
        if (groups.Add(sendTimeUs, arrivalUs, size, out PacketGroupDelta delta))
        {
            double trend = trendline.Update(delta);
            detector.Detect(trend, delta.SendDeltaUs, delta.ArrivalTimeUs);
        }
    }

    private void MaybeUpdateLossBased(long nowUs)
    {
        int total = lostInInterval + receivedInInterval;
        if (nowUs - lossIntervalStartUs < LossUpdateIntervalUs || total < MinPacketsPerLossUpdate)
        {
            return;
        }

        lossBased.Update(lostInInterval / (double)total, TargetBitrateBps);
        lastFeedbackLossUpdateUs = nowUs;
        lossIntervalStartUs = nowUs;
        lostInInterval = 0;
        receivedInInterval = 0;
    }
}
