namespace Live.Media.Stun;

/// <summary>
/// Fixed facts of the 20-byte STUN header (RFC 8489 §5) and of attribute framing (RFC 8489 §14),
/// shared by the reader, the writer and the integrity checks.
/// </summary>
public static class StunHeader
{
    // RFC 8489 §5: type (2) + length (2) + magic cookie (4) + transaction id (12).
    public const int Length = 20;
    public const int TypeOffset = 0;
    public const int LengthOffset = 2;
    public const int MagicCookieOffset = 4;
    public const int TransactionIdOffset = 8;
    public const int TransactionIdLength = 12;

    // RFC 8489 §5: the magic cookie field MUST contain the fixed value 0x2112A442.
    public const uint MagicCookie = 0x2112A442;

    // RFC 8489 §14: each attribute is a 4-byte type/length header, a value, and padding to 32 bits.
    public const int AttributeHeaderLength = 4;
    public const int Alignment = 4;

    // RFC 8489 §5: the message length field is 16 bits and counts bytes after the header.
    public const int MaxBodyLength = ushort.MaxValue & ~(Alignment - 1);

    /// <summary>Rounds an attribute value length up to the 32-bit boundary that padding restores.</summary>
    public static int Pad(int length) => (length + Alignment - 1) & ~(Alignment - 1);
}
