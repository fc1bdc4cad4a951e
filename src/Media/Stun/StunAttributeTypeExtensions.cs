namespace Live.Media.Stun;

/// <summary>Classification helpers for attribute type numbers.</summary>
public static class StunAttributeTypeExtensions
{
    // RFC 8489 §14: 0x0000-0x7FFF comprehension-required, 0x8000-0xFFFF comprehension-optional.
    private const ushort ComprehensionOptionalBit = 0x8000;

    public static bool IsComprehensionRequired(this StunAttributeType type) =>
        ((ushort)type & ComprehensionOptionalBit) == 0;

    /// <summary>
    /// Whether a receiver still looks at this attribute when it follows MESSAGE-INTEGRITY: only FINGERPRINT and
    /// MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5).
    /// </summary>
    public static bool IsVisibleAfterMessageIntegrity(this StunAttributeType type) =>
        type is StunAttributeType.Fingerprint or StunAttributeType.MessageIntegritySha256;
}
