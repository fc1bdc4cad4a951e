namespace Live.Media.Sfu;

/// <summary>
/// Remembers when each recent packet was last retransmitted to one consumer, so that a packet is resent at most once
/// per hold-off (about a round trip). Receivers repeat a NACK until the packet arrives (werift every 5 ms, up to ten
/// times; libwebrtc after an RTT estimate); answering every repeat multiplies the traffic by the repeat count, fills
/// the receiver's socket buffer and causes the next losses. A ring indexed by sequence number, sized like the
/// producer's history; used in the router's packet lane only.
/// </summary>
internal sealed class RetransmitHoldOff
{
    private readonly ushort[] _sequenceNumbers;
    private readonly long[] _sentAt;
    private readonly int _mask;
    private readonly long _holdOffTicks;

    /// <param name="capacity">Packets remembered, a power of two (the producer's history size).</param>
    /// <param name="holdOffTicks">The hold-off in <see cref="TimeProvider"/> timestamp ticks; 0 disables it.</param>
    public RetransmitHoldOff(int capacity, long holdOffTicks)
    {
        if (!int.IsPow2(capacity))
        {
            throw new ArgumentException("The capacity must be a power of two.", nameof(capacity));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(holdOffTicks);
        _sequenceNumbers = new ushort[capacity];
        _sentAt = new long[capacity];
        _mask = capacity - 1;
        _holdOffTicks = holdOffTicks;
    }

    /// <summary>
    /// True (and the time recorded) when <paramref name="sequenceNumber"/> may be retransmitted at <paramref name="now"/>:
    /// it was not retransmitted within the hold-off. False when a retransmission of it is still on its way.
    /// </summary>
    public bool TryAcquire(ushort sequenceNumber, long now)
    {
        if (_holdOffTicks == 0)
        {
            return true;
        }

        int index = sequenceNumber & _mask;
        long last = _sentAt[index];
        if (last != 0 && _sequenceNumbers[index] == sequenceNumber && now - last < _holdOffTicks)
        {
            return false;
        }

        _sequenceNumbers[index] = sequenceNumber;
        _sentAt[index] = now == 0 ? 1 : now; // 0 marks an empty slot
        return true;
    }
}
