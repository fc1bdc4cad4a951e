namespace Live.Media.Bwe;

/// <summary>
/// What the sender remembers of each packet it stamped with a transport-wide sequence number: send time, size, and
/// whether feedback has reported it. A fixed ring indexed by the unwrapped sequence number; a packet older than
/// <see cref="Capacity"/> packets is forgotten. Allocation free.
/// </summary>
public sealed class SentPacketHistory
{
    /// <summary>
    /// Packets remembered: 4096 is 8 s of what one subscriber receives at 500 packets/s (a 720p camera, a screen and
    /// audio), 2 s even at 2000 packets/s, longer than any feedback delay worth using. Each subscribing transport holds
    /// one history, so its size is per-subscriber memory: about 90 KB here (16384 was about 360 KB).
    /// </summary>
    public const int Capacity = 1 << 12;

    private const int Mask = Capacity - 1;

    private readonly long[] sequences = new long[Capacity];
    private readonly long[] sendTimes = new long[Capacity];
    private readonly int[] sizes = new int[Capacity];
    private readonly SentPacketState[] states = new SentPacketState[Capacity];
    private long lastSent = -1;

    /// <summary>The reporting state of a remembered packet.</summary>
    public enum SentPacketState : byte
    {
        /// <summary>No packet in this slot.</summary>
        Empty = 0,

        /// <summary>Sent, not yet in feedback.</summary>
        Sent = 1,

        /// <summary>Feedback reported it received.</summary>
        Received = 2,

        /// <summary>Feedback reported it lost (a later feedback may still report it received).</summary>
        Lost = 3,
    }

    /// <summary>Records a sent packet and returns its unwrapped sequence number.</summary>
    public long Add(ushort transportSequence, int sizeBytes, long sendTimeUs)
    {
        long unwrapped = Unwrap(transportSequence);
        lastSent = Math.Max(lastSent, unwrapped);
        int slot = (int)(unwrapped & Mask);
        sequences[slot] = unwrapped;
        sendTimes[slot] = sendTimeUs;
        sizes[slot] = sizeBytes;
        states[slot] = SentPacketState.Sent;
        return unwrapped;
    }

    /// <summary>Finds a remembered packet by its 16-bit sequence number (unwrapped against the last one sent).</summary>
    public bool TryGet(ushort transportSequence, out long unwrapped, out long sendTimeUs, out int sizeBytes, out SentPacketState state)
    {
        unwrapped = Unwrap(transportSequence);
        int slot = (int)(unwrapped & Mask);
        if (lastSent < 0 || unwrapped > lastSent || states[slot] == SentPacketState.Empty || sequences[slot] != unwrapped)
        {
            sendTimeUs = 0;
            sizeBytes = 0;
            state = SentPacketState.Empty;
            return false;
        }

        sendTimeUs = sendTimes[slot];
        sizeBytes = sizes[slot];
        state = states[slot];
        return true;
    }

    /// <summary>Sets the reporting state of a packet found by <see cref="TryGet"/>.</summary>
    public void SetState(long unwrapped, SentPacketState state)
    {
        int slot = (int)(unwrapped & Mask);
        if (sequences[slot] == unwrapped)
        {
            states[slot] = state;
        }
    }

    private long Unwrap(ushort sequence)
    {
        if (lastSent < 0)
        {
            return sequence;
        }

        long result = lastSent + (short)(ushort)(sequence - (ushort)lastSent);
        return result;
    }
}
