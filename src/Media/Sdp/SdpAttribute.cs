namespace Live.Media.Sdp;

/// <summary>
/// One a= line (RFC 8866 §5.13), kept as written: a property attribute has a null <see cref="Value"/>, a value attribute
/// keeps everything after the first colon verbatim so serialization reproduces the input exactly.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The text after "a=".</summary>
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
