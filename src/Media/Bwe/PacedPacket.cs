namespace Live.Media.Bwe;

/// <summary>A packet the <see cref="Pacer"/> releases: the caller's token for it, its size and class, and when it was queued.</summary>
/// <param name="Token">The caller's handle for the packet (an index into its own buffer pool, a sequence number).</param>
/// <param name="SizeBytes">Size on the wire, counted against the budget.</param>
/// <param name="Class">Priority class.</param>
/// <param name="EnqueuedUs">When it was queued, on the pacer's clock.</param>
public readonly record struct PacedPacket(long Token, int SizeBytes, PacketClass Class, long EnqueuedUs);
