namespace Live.Media.Bwe;

/// <summary>A fixed-capacity double-ended queue of <see cref="PacedPacket"/> for the <see cref="Pacer"/>; never grows, never allocates after construction.</summary>
internal sealed class PacketRing
{
    private readonly PacedPacket[] items;
    private int head;

    public PacketRing(int capacity) => items = new PacedPacket[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == items.Length;

    public bool TryPushBack(in PacedPacket packet)
    {
        if (IsFull)
        {
            return false;
        }

        items[(head + Count) % items.Length] = packet;
        Count++;
        return true;
    }

    public ref readonly PacedPacket PeekFront() => ref items[head];

    public PacedPacket PopFront()
    {
        PacedPacket packet = items[head];
        head = (head + 1) % items.Length;
        Count--;
        return packet;
    }

    public PacedPacket PopBack()
    {
        Count--;
        return items[(head + Count) % items.Length];
    }
}
