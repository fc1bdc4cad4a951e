namespace Live.Media.Rtcp;

/// <summary>One generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet ID and a bitmask of the 16 following losses.</summary>
public readonly record struct NackItem(ushort PacketId, ushort LostBitmask);
