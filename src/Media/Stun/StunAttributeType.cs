namespace Live.Media.Stun;

/// <summary>
/// STUN attribute types this code knows by name (IANA "STUN Attributes" registry). Any other 16-bit value
/// is carried as-is; types below 0x8000 are comprehension-required (RFC 8489 §14).
/// </summary>
public enum StunAttributeType : ushort
{
    MappedAddress = 0x0001,          // RFC 8489 §14.1
    Username = 0x0006,               // RFC 8489 §14.3
    MessageIntegrity = 0x0008,       // RFC 8489 §14.5
    ErrorCode = 0x0009,              // RFC 8489 §14.8
    UnknownAttributes = 0x000A,      // RFC 8489 §14.13
    Realm = 0x0014,                  // RFC 8489 §14.9
    Nonce = 0x0015,                  // RFC 8489 §14.10
    MessageIntegritySha256 = 0x001C, // RFC 8489 §14.6
    XorMappedAddress = 0x0020,       // RFC 8489 §14.2
    Priority = 0x0024,               // RFC 8445 §16.1
    UseCandidate = 0x0025,           // RFC 8445 §16.1
    Software = 0x8022,               // RFC 8489 §14.14
    Fingerprint = 0x8028,            // RFC 8489 §14.7
    IceControlled = 0x8029,          // RFC 8445 §16.1
    IceControlling = 0x802A,         // RFC 8445 §16.1
}
