using System.Buffers.Binary;

namespace Live.Media.Stun;

/// <summary>
/// The FINGERPRINT attribute (RFC 8489 §14.7): a CRC-32 of the message up to the attribute, XORed with a constant,
/// which lets STUN be told apart from other protocols sharing the port.
/// </summary>
public static class StunFingerprint
{
    // RFC 8489 §14.7: CRC-32 XOR 0x5354554e ("STUN" in ASCII).
    public const uint XorValue = 0x5354554E;
    public const int ValueLength = 4;
    public const int AttributeLength = StunHeader.AttributeHeaderLength + ValueLength;

    /// <summary>
    /// The FINGERPRINT value for <paramref name="prefix"/>: the message bytes before the attribute, whose length
    /// field must already count the 8-byte FINGERPRINT attribute.
    /// </summary>
    public static uint Compute(ReadOnlySpan<byte> prefix) => Crc32.Compute(prefix) ^ XorValue;

    /// <summary>True when <paramref name="message"/> is a well-formed STUN message whose FINGERPRINT matches.</summary>
    public static bool Verify(ReadOnlySpan<byte> message) =>
        StunMessageReader.TryParse(message, out StunMessageReader reader) && Verify(reader);

    /// <summary>
    /// Checks the FINGERPRINT of a parsed message. The reader guarantees it is the last attribute, so the length
    /// field on the wire is already the one the sender hashed.
    /// </summary>
    public static bool Verify(in StunMessageReader reader)
    {
        if (!reader.HasFingerprint)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = reader.Raw;
        int offset = reader.FingerprintOffset;
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(raw[(offset + StunHeader.AttributeHeaderLength)..]);
        return Compute(raw[..offset]) == expected;
    }
}
