using System.Buffers.Binary;
using System.Text;

namespace Live.Media.Stun;

/// <summary>
/// One attribute of a <see cref="StunMessage"/>, owning a copy of its value and of the padding it arrived with, so
/// that a parsed message writes back byte for byte (padding content is covered by MESSAGE-INTEGRITY).
/// </summary>
public sealed class StunAttribute
{
    public StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> padding = default)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A STUN attribute value is at most 65535 bytes.", nameof(value));
        }

        if (!padding.IsEmpty && padding.Length != StunHeader.Pad(value.Length) - value.Length)
        {
            throw new ArgumentException("Padding must bring the value to a 32-bit boundary.", nameof(padding));
        }

        Type = type;
        Value = value.ToArray();
        Padding = padding.ToArray();
    }

    public StunAttributeType Type { get; }

    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The padding bytes to write; empty means zeros.</summary>
    public ReadOnlyMemory<byte> Padding { get; }

    /// <summary>Size on the wire: header, value and padding.</summary>
    public int SerializedSize => StunHeader.AttributeHeaderLength + StunHeader.Pad(Value.Length);

    public static StunAttribute FromText(StunAttributeType type, string text) => new(type, Encoding.UTF8.GetBytes(text));

    public static StunAttribute FromUInt32(StunAttributeType type, uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new StunAttribute(type, bytes);
    }

    public static StunAttribute FromUInt64(StunAttributeType type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return new StunAttribute(type, bytes);
    }

    public static StunAttribute Flag(StunAttributeType type) => new(type, ReadOnlySpan<byte>.Empty);

    /// <summary>The value as UTF-8 text (USERNAME, SOFTWARE, REALM, NONCE).</summary>
    public string GetText() => Encoding.UTF8.GetString(Value.Span);

    public override string ToString() => $"{Type} ({Value.Length} bytes)";
}
