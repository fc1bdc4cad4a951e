using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>An a=ssrc value (RFC 5576 §4.1): the SSRC, a source attribute name (cname, msid…) and its optional value.</summary>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value = null)
{
    /// <summary>Parses "&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]".</summary>
    public static bool TryParse(string value, out SdpSsrc ssrc)
    {
        ssrc = null!;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !uint.TryParse(value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
        {
            return false;
        }

        string rest = value[(space + 1)..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string attribute = colon < 0 ? rest : rest[..colon];
        if (attribute.Length == 0 || !SdpSyntax.IsToken(attribute))
        {
            return false;
        }

        ssrc = new SdpSsrc(id, attribute, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => Value is null ? $"{Ssrc} {Attribute}" : $"{Ssrc} {Attribute}:{Value}";
}
