using System.Buffers.Binary;

namespace Live.Media.Recording;

/// <summary>
/// EBML variable-size integers (RFC 8794 §4): the count of leading zero bits of the first octet gives the length
/// (1–8 octets), the bit after them is the marker and the remaining bits hold the value. A value with every data bit
/// set means "unknown size", which is how a Segment being written live announces it has no known end.
/// </summary>
public static class EbmlVarInt
{
    /// <summary>RFC 8794 §4: the longest VINT this writer and reader accept.</summary>
    public const int MaxLength = 8;

    /// <summary>RFC 8794 §4.4: the largest value an 8-octet VINT can carry (all ones is reserved for unknown).</summary>
    public const ulong MaxValue = (1UL << (7 * MaxLength)) - 2;

    /// <summary>The shortest length (1–8) that encodes <paramref name="value"/>.</summary>
    public static int GetLength(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        int length = 1;
        while (value > MaxValueOfLength(length))
        {
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> in exactly <paramref name="length"/> octets; returns the length.</summary>
    public static int Write(Span<byte> destination, ulong value, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValueOfLength(length));
        WriteRaw(destination, value | MarkerOf(length), length);
        return length;
    }

    /// <summary>Writes <paramref name="value"/> in its shortest form; returns the length.</summary>
    public static int Write(Span<byte> destination, ulong value) => Write(destination, value, GetLength(value));

    /// <summary>Writes the reserved "unknown size" value (all data bits set) in <paramref name="length"/> octets.</summary>
    public static int WriteUnknown(Span<byte> destination, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        WriteRaw(destination, MarkerOf(length) | (MarkerOf(length) - 1), length);
        return length;
    }

    /// <summary>
    /// Reads a VINT from the start of <paramref name="source"/>; false when it is truncated or its first octet is 0
    /// (a length above 8). <paramref name="isUnknown"/> is set for the reserved all-ones value.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length, out bool isUnknown)
    {
        value = 0;
        length = 0;
        isUnknown = false;
        if (source.IsEmpty || source[0] == 0)
        {
            return false;
        }

        int octets = System.Numerics.BitOperations.LeadingZeroCount((uint)source[0]) - 24 + 1;
        if (source.Length < octets)
        {
            return false;
        }

        ulong raw = 0;
        for (int i = 0; i < octets; i++)
        {
            raw = raw << 8 | source[i];
        }

        ulong data = raw & (MarkerOf(octets) - 1);
        length = octets;
        isUnknown = data == MarkerOf(octets) - 1;
        value = data;
        return true;
    }

    private static ulong MarkerOf(int length) => 1UL << (7 * length);

    // RFC 8794 §4.4: all data bits set is reserved, so each length holds one value fewer than its bits allow.
    private static ulong MaxValueOfLength(int length) => MarkerOf(length) - 2;

    private static void WriteRaw(Span<byte> destination, ulong raw, int length)
    {
        Span<byte> eight = stackalloc byte[MaxLength];
        BinaryPrimitives.WriteUInt64BigEndian(eight, raw);
        eight[(MaxLength - length)..].CopyTo(destination);
    }
}
