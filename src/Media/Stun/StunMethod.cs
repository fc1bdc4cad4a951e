namespace Live.Media.Stun;

/// <summary>
/// Well-known STUN methods (12 bits on the wire). Other values are legal and kept as numbers.
/// </summary>
public enum StunMethod : ushort
{
    // RFC 8489 §18.2: the only method the base protocol defines.
    Binding = 0x001,
}
