namespace Live.Media.Sdp;

/// <summary>An a=fmtp value (RFC 8866 §6.15): a payload type and its format-specific parameters, usually "k=v;k=v".</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    /// <summary>Parses "&lt;pt&gt; &lt;parameters&gt;".</summary>
    public static bool TryParse(string value, out SdpFmtp fmtp)
    {
        fmtp = null!;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !SdpSyntax.TryParsePayloadType(value[..space], out int payloadType) || space == value.Length - 1)
        {
            return false;
        }

        fmtp = new SdpFmtp(payloadType, value[(space + 1)..]);
        return true;
    }

    /// <summary>The value of parameter <paramref name="name"/> (case-insensitive) in a "k=v;k=v" list, or null.</summary>
    public string? GetParameter(string name)
    {
        foreach (string pair in Parameters.Split(';'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return pair[(equals + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => $"{PayloadType} {Parameters}";
}
