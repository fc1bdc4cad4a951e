using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Live.Media.Stun;

/// <summary>
/// The 96-bit STUN transaction id (RFC 8489 §5) as a value type, so matching and copying it never allocates.
/// </summary>
public readonly record struct StunTransactionId
{
    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Reads exactly <see cref="StunHeader.TransactionIdLength"/> bytes.</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < StunHeader.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(source));
        }

        return new StunTransactionId(
            BinaryPrimitives.ReadUInt64BigEndian(source),
            BinaryPrimitives.ReadUInt32BigEndian(source[sizeof(ulong)..]));
    }

    /// <summary>A fresh id from a cryptographic source: RFC 8489 §5 asks for uniform randomness.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[StunHeader.TransactionIdLength];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[sizeof(ulong)..], _low);
    }

    public override string ToString() => $"{_high:x16}{_low:x8}";
}
