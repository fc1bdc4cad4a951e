namespace Live.Media.Bwe;

/// <summary>
/// Groups acknowledged packets into bursts (draft-ietf-rmcat-gcc-02 §5.2) and yields the delay difference between each
/// completed group and the one before it. A video frame leaves as a burst and its packets' individual spacing says
/// nothing about the path, so delay is compared group to group.
/// </summary>
/// <remarks>
/// Packets must be fed in send order (transport-wide sequence order). A packet sent earlier than the current group's
/// first packet (reordered feedback) is ignored. Allocation free.
/// </remarks>
public sealed class ArrivalGroupAccumulator
{
    /// <summary>draft-ietf-rmcat-gcc-02 §5.2: packets sent within burst_time = 5 ms of a group's first packet belong to it.</summary>
    public const long BurstTimeUs = 5_000;

    /// <summary>
    /// A burst joined by arrival (below) may span at most 100 ms of arrivals, or a standing queue, which delivers
    /// everything back to back, would merge all packets into one group and hide its growth (libwebrtc's max burst duration).
    /// </summary>
    public const long MaxBurstDurationUs = 100_000;

    /// <summary>
    /// A jump between arrival and send deltas this large is a clock or path change, not queuing: the groups restart
    /// (libwebrtc's inter-arrival component resets on a 3 s offset).
    /// </summary>
    public const long MaxDelayJumpUs = 3_000_000;

    private Group current;
    private Group previous;
    private bool hasCurrent;
    private bool hasPrevious;

    /// <summary>Times the grouping restarted after an implausible jump.</summary>
    public long Resets { get; private set; }

    /// <summary>Packets ignored because they were sent before the current group started.</summary>
    public long ReorderedPackets { get; private set; }

    /// <summary>
    /// Adds one received packet. Returns true with <paramref name="delta"/> when this packet starts a new group and
    /// the group it closes has a predecessor to compare with.
    /// </summary>
    public bool Add(long sendTimeUs, long arrivalTimeUs, int sizeBytes, out PacketGroupDelta delta)
    {
        delta = default;
        if (!hasCurrent)
        {
            current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
            hasCurrent = true;
            return false;
        }

        if (sendTimeUs < current.FirstSendUs)
        {
            ReorderedPackets++;
            return false;
        }

        if (BelongsToCurrent(sendTimeUs, arrivalTimeUs))
        {
            current.Add(sendTimeUs, arrivalTimeUs, sizeBytes);
            return false;
        }

        bool produced = false;
        if (hasPrevious)
        {
            long sendDelta = current.LastSendUs - previous.LastSendUs;
            long arrivalDelta = current.LastArrivalUs - previous.LastArrivalUs;
            if (Math.Abs(arrivalDelta - sendDelta) > MaxDelayJumpUs || arrivalDelta < 0)
            {
                Resets++;
                hasPrevious = false;
                current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
                return false;
            }

            delta = new PacketGroupDelta(sendDelta, arrivalDelta, current.SizeBytes - previous.SizeBytes, current.LastArrivalUs);
            produced = true;
        }

        previous = current;
        hasPrevious = true;
        current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
        return produced;
    }

    /// <summary>Forgets all groups (after a long gap in feedback).</summary>
    public void Reset()
    {
        hasCurrent = false;
        hasPrevious = false;
    }

    private bool BelongsToCurrent(long sendTimeUs, long arrivalTimeUs)
    {
        if (sendTimeUs - current.FirstSendUs <= BurstTimeUs)
        {
            return true;
        }

        // §5.2: a packet arriving within burst_time of the group's last one with a negative inter-group delay
        // variation was queued behind it (the path delivered a burst); it joins the group.
        long arrivalDelta = arrivalTimeUs - current.LastArrivalUs;
        long sendDelta = sendTimeUs - current.LastSendUs;
        return arrivalDelta < BurstTimeUs && arrivalDelta - sendDelta < 0 && arrivalTimeUs - current.FirstArrivalUs < MaxBurstDurationUs;
    }

    private struct Group
    {
        public long FirstSendUs;
        public long LastSendUs;
        public long FirstArrivalUs;
        public long LastArrivalUs;
        public int SizeBytes;

        public static Group Start(long sendTimeUs, long arrivalTimeUs, int sizeBytes) =>
            new() { FirstSendUs = sendTimeUs, LastSendUs = sendTimeUs, FirstArrivalUs = arrivalTimeUs, LastArrivalUs = arrivalTimeUs, SizeBytes = sizeBytes };

        public void Add(long sendTimeUs, long arrivalTimeUs, int sizeBytes)
        {
            LastSendUs = Math.Max(LastSendUs, sendTimeUs);
            LastArrivalUs = Math.Max(LastArrivalUs, arrivalTimeUs);
            SizeBytes += sizeBytes;
        }
    }
}
