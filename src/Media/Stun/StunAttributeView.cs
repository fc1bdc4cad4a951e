namespace Live.Media.Stun;

/// <summary>
/// One attribute inside a parsed STUN message, viewed in place: type, value, its padding bytes and where its
/// 4-byte header starts in the message.
/// </summary>
public readonly ref struct StunAttributeView
{
    public StunAttributeView(StunAttributeType type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> padding, int offset)
    {
        Type = type;
        Value = value;
        Padding = padding;
        Offset = offset;
    }

    public StunAttributeType Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>0-3 bytes after the value; their content is meaningless but covered by MESSAGE-INTEGRITY.</summary>
    public ReadOnlySpan<byte> Padding { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }
}
