namespace Live.Media.Stun;

/// <summary>Why a datagram was not accepted as a STUN message; <see cref="None"/> when it was.</summary>
public enum StunParseError
{
    None,
    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,
    /// <summary>One of the two top bits of the type is set (RFC 8489 §5): not STUN.</summary>
    NotStun,
    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5).</summary>
    BadMagicCookie,
    /// <summary>The length field is not a multiple of 4 (RFC 8489 §5).</summary>
    LengthNotAligned,
    /// <summary>The length field disagrees with the datagram size (truncated or trailing bytes).</summary>
    LengthMismatch,
    /// <summary>An attribute header or value runs past the end of the message.</summary>
    AttributeOverrun,
    /// <summary>MESSAGE-INTEGRITY is not 20 bytes or FINGERPRINT is not 4 bytes.</summary>
    BadAttributeLength,
    /// <summary>An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7).</summary>
    FingerprintNotLast,
}
