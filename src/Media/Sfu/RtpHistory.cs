namespace Live.Media.Sfu;

/// <summary>
/// A ring of the last N plain RTP packets of one producer, indexed by sequence number, to answer NACKs
/// (RFC 4585 §6.2.1). Written and read only in its router's packet lane (stores for the publisher's packets, reads for its subscribers' and pipes' NACKs); storing copies into preallocated slots.
/// </summary>
internal sealed class RtpHistory
{
    /// <summary>The largest packet kept: an Ethernet MTU; WebRTC senders stay well below (~1200 bytes).</summary>
    public const int SlotSize = 1500;

    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly ushort[] _sequenceNumbers;
    private readonly long[] _storedAt;
    private readonly int _mask;

    public RtpHistory(int capacity)
    {
        if (!int.IsPow2(capacity))
        {
            throw new ArgumentException("The history capacity must be a power of two.", nameof(capacity));
        }

        _slots = GC.AllocateUninitializedArray<byte>(capacity * SlotSize);
        _lengths = new int[capacity];
        _sequenceNumbers = new ushort[capacity];
        _storedAt = new long[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _lengths.Length;

    /// <summary>
    /// Keeps a copy of <paramref name="packet"/> under <paramref name="sequenceNumber"/>, replacing what was 'capacity'
    /// packets ago; <paramref name="arrival"/> (a <see cref="TimeProvider"/> timestamp) dates it for the age limit.
    /// </summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet, long arrival = 0)
    {
        if (packet.Length > SlotSize)
        {
            return;
        }

        int index = sequenceNumber & _mask;
        packet.CopyTo(_slots.AsSpan(index * SlotSize, SlotSize));
        _lengths[index] = packet.Length;
        _sequenceNumbers[index] = sequenceNumber;
        _storedAt[index] = arrival;
    }

    /// <summary>The stored packet with this sequence number, or false when it was never stored or has been overwritten.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet) => TryGet(sequenceNumber, out packet, out _);

    /// <summary>As <see cref="TryGet(ushort, out ReadOnlySpan{byte})"/>, with the arrival timestamp it was stored with.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet, out long arrival)
    {
        int index = sequenceNumber & _mask;
        int length = _lengths[index];
        if (length == 0 || _sequenceNumbers[index] != sequenceNumber)
        {
            packet = default;
            arrival = 0;
            return false;
        }

        packet = _slots.AsSpan(index * SlotSize, length);
        arrival = _storedAt[index];
        return true;
    }

    public bool Contains(ushort sequenceNumber) => TryGet(sequenceNumber, out _, out _);
}
