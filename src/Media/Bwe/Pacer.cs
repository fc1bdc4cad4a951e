namespace Live.Media.Bwe;

/// <summary>
/// A leaky-bucket pacer for one transport: packets are queued by class and released no faster than the pacing rate,
/// so that a keyframe spreads over a few hundred milliseconds instead of leaving as one burst that overflows the
/// bottleneck's queue. The budget refills continuously and holds at most one <see cref="IntervalUs"/> interval's worth,
/// so idle time does not build up a burst. Audio is released first and is not held by the budget (it still spends it);
/// retransmissions come next, then video. The queue is bounded in bytes and packets: a full queue drops new video,
/// or evicts the newest queued video to make room for audio or a retransmission, and counts every drop.
/// No sockets, threads or clocks: the caller passes timestamps, asks <see cref="NextSendTimeUs"/> when to come back,
/// and sends what <see cref="TryDequeue"/> releases. Not thread safe; allocation free after construction.
/// </summary>
public sealed class Pacer
{
    /// <summary>The budget's interval: at most 5 ms of sending at the pacing rate accumulates (libwebrtc's pacer processes every 5 ms).</summary>
    public const long IntervalUs = 5_000;

    /// <summary>Pacing rate = target bitrate × 2.5 (libwebrtc's default pacing factor), so the pacer drains faster than the encoder fills it.</summary>
    public const double DefaultPacingFactor = 2.5;

    /// <summary>Default byte bound: 256 KB, two large keyframes — beyond that the encoder is far over the estimate.</summary>
    public const int DefaultMaxQueueBytes = 256 * 1024;

    /// <summary>Default packet bound per class.</summary>
    public const int DefaultMaxQueuePackets = 1024;

    /// <summary>The lowest pacing rate accepted, so that a queue always drains.</summary>
    public const long MinPacingRateBps = 10_000;

    private readonly PacketRing[] queues;
    private readonly long[] dropped = new long[3];
    private readonly int maxQueueBytes;
    private double budgetBits;
    private long lastUpdateUs = -1;

    /// <summary>Creates a pacer releasing at <paramref name="pacingRateBps"/>, queueing at most <paramref name="maxQueueBytes"/> bytes and <paramref name="maxQueuePackets"/> packets per class.</summary>
    public Pacer(long pacingRateBps, int maxQueueBytes = DefaultMaxQueueBytes, int maxQueuePackets = DefaultMaxQueuePackets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxQueueBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxQueuePackets);
        this.maxQueueBytes = maxQueueBytes;
        queues = [new PacketRing(maxQueuePackets), new PacketRing(maxQueuePackets), new PacketRing(maxQueuePackets)];
        PacingRateBps = Math.Max(pacingRateBps, MinPacingRateBps);
    }

    /// <summary>The rate at which the budget refills, in bits per second.</summary>
    public long PacingRateBps { get; private set; }

    /// <summary>Bytes waiting in all classes.</summary>
    public int QueuedBytes { get; private set; }

    /// <summary>Packets waiting in all classes.</summary>
    public int QueuedPackets => queues[0].Count + queues[1].Count + queues[2].Count;

    /// <summary>Packets released by <see cref="TryDequeue"/>.</summary>
    public long SentPackets { get; private set; }

    /// <summary>Time the queued bytes need at the pacing rate.</summary>
    public long ExpectedQueueTimeUs => QueuedBytes * 8L * 1_000_000 / PacingRateBps;

    /// <summary>Packets of <paramref name="packetClass"/> dropped because the queue was full.</summary>
    public long DroppedPackets(PacketClass packetClass) => dropped[(int)packetClass];

    /// <summary>Sets the pacing rate (bits per second).</summary>
    public void SetPacingRate(long pacingRateBps) => PacingRateBps = Math.Max(pacingRateBps, MinPacingRateBps);

    /// <summary>Sets the pacing rate from an estimator's target: target × <see cref="DefaultPacingFactor"/>.</summary>
    public void SetTargetBitrate(long targetBps) => SetPacingRate((long)(targetBps * DefaultPacingFactor));

    /// <summary>
    /// Queues a packet of <paramref name="sizeBytes"/> identified by <paramref name="token"/>. Returns false (and counts
    /// a drop) when the queue has no room for it, even after evicting queued video for audio or a retransmission.
    /// </summary>
    public bool Enqueue(long token, int sizeBytes, PacketClass packetClass, long nowUs)
    {
        if (sizeBytes <= 0 || (uint)packetClass > (uint)PacketClass.Video)
        {
            return false;
        }

        Advance(nowUs);
        PacketRing queue = queues[(int)packetClass];
        if (packetClass != PacketClass.Video)
        {
            PacketRing video = queues[(int)PacketClass.Video];
            while (QueuedBytes + sizeBytes > maxQueueBytes && video.Count > 0)
            {
                QueuedBytes -= video.PopBack().SizeBytes;
                dropped[(int)PacketClass.Video]++;
            }
        }

        if (QueuedBytes + sizeBytes > maxQueueBytes || !queue.TryPushBack(new PacedPacket(token, sizeBytes, packetClass, nowUs)))
        {
            dropped[(int)packetClass]++;
            return false;
        }

        QueuedBytes += sizeBytes;
        return true;
    }

    /// <summary>Releases the next packet if one may be sent at <paramref name="nowUs"/>: audio at once, others while the budget is not in debt.</summary>
    public bool TryDequeue(long nowUs, out PacedPacket packet)
    {
        Advance(nowUs);
        PacketRing? queue = queues[(int)PacketClass.Audio].Count > 0 ? queues[(int)PacketClass.Audio]
            : budgetBits < 0 ? null
            : queues[(int)PacketClass.Retransmission].Count > 0 ? queues[(int)PacketClass.Retransmission]
            : queues[(int)PacketClass.Video].Count > 0 ? queues[(int)PacketClass.Video]
            : null;
        if (queue is null)
        {
            packet = default;
            return false;
        }

        packet = queue.PopFront();
        QueuedBytes -= packet.SizeBytes;
        budgetBits -= packet.SizeBytes * 8.0;
        SentPackets++;
        return true;
    }

    /// <summary>When <see cref="TryDequeue"/> will next release a packet: now if it can, <see cref="long.MaxValue"/> when the queue is empty.</summary>
    public long NextSendTimeUs(long nowUs)
    {
        Advance(nowUs);
        if (queues[(int)PacketClass.Audio].Count > 0)
        {
            return nowUs;
        }

        if (QueuedPackets == 0)
        {
            return long.MaxValue;
        }

        return budgetBits >= 0 ? nowUs : nowUs + (long)Math.Ceiling(-budgetBits * 1_000_000 / PacingRateBps);
    }

    private void Advance(long nowUs)
    {
        if (lastUpdateUs < 0 || nowUs < lastUpdateUs)
        {
            lastUpdateUs = nowUs;
            return;
        }

        double maxBudget = PacingRateBps * (IntervalUs / 1_000_000.0);
        budgetBits = Math.Min(budgetBits + PacingRateBps * ((nowUs - lastUpdateUs) / 1_000_000.0), maxBudget);
        lastUpdateUs = nowUs;
    }
}
