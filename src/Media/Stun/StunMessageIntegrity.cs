using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Live.Media.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): an HMAC-SHA1 over the message up to the attribute, computed as if the
/// length field already counted the attribute. Also derives long-term credential keys (RFC 8489 §9.2.2).
/// </summary>
public static class StunMessageIntegrity
{
    // RFC 8489 §14.5: the HMAC-SHA1 output is 20 bytes.
    public const int HmacLength = 20;
    public const int AttributeLength = StunHeader.AttributeHeaderLength + HmacLength;

    // Typical ICE checks are ~100 bytes; larger messages fall back to a pooled buffer.
    private const int StackCopyLimit = 512;

    /// <summary>Verifies MESSAGE-INTEGRITY of raw message bytes; false when malformed or absent.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key) =>
        StunMessageReader.TryParse(message, out StunMessageReader reader) && Verify(reader, key);

    /// <summary>Verifies MESSAGE-INTEGRITY of a parsed message with a short-term password or long-term key.</summary>
    public static bool Verify(in StunMessageReader reader, ReadOnlySpan<byte> key)
    {
        if (!reader.HasMessageIntegrity)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = reader.Raw;
        int offset = reader.MessageIntegrityOffset;
        ReadOnlySpan<byte> received = raw.Slice(offset + StunHeader.AttributeHeaderLength, HmacLength);

        // The hashed bytes differ from the received ones only in the length field, so copy then patch it.
        byte[]? rented = null;
        Span<byte> prefix = offset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(offset));
        prefix = prefix[..offset];
        raw[..offset].CopyTo(prefix);
        BinaryPrimitives.WriteUInt16BigEndian(
            prefix[StunHeader.LengthOffset..],
            (ushort)(offset + AttributeLength - StunHeader.Length));

        Span<byte> computed = stackalloc byte[HmacLength];
        HMACSHA1.HashData(key, prefix, computed);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return CryptographicOperations.FixedTimeEquals(computed, received);
    }

    /// <summary>
    /// Writes the HMAC of <paramref name="prefix"/> (whose length field already counts this attribute) into
    /// <paramref name="destination"/>.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> destination) =>
        HMACSHA1.HashData(key, prefix, destination);

    /// <summary>
    /// The short-term key: the UTF-8 password (RFC 8489 §9.1.1). ICE passwords are ASCII ice-chars, so the
    /// OpaqueString preparation the RFC asks for changes nothing and is not applied.
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// The long-term key MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). The caller passes strings that are
    /// already prepared (SASLprep / OpaqueString); this method does not apply them.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password) =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
}
