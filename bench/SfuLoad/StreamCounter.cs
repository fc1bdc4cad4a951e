namespace Live.SfuLoad;

/// <summary>
/// Counts one received RTP stream: packets, and the highest sequence number extended across wraps (RFC 3550 §A.1),
/// so packets expected in a window are the growth of the extended number and loss is expected minus received.
/// </summary>
public sealed class StreamCounter(uint ssrc, ushort firstSequence)
{
    public uint Ssrc { get; } = ssrc;
    public long Received;
    public long ExtendedHighest = firstSequence;

    public void Count(ushort sequence)
    {
        Received++;
        // The signed 16-bit distance from the highest so far: positive moves forward (wrapping), negative is reordering.
        var delta = (short)(sequence - (ushort)ExtendedHighest);
        if (delta > 0) ExtendedHighest += delta;
    }
}
