using System.Text;

namespace Live.Media.Sdp;

/// <summary>
/// A parsed session description (RFC 8866): session-level lines and the media sections, kept in their original order so
/// <see cref="ToString"/> reproduces a parsed description exactly. Typed views (BUNDLE group, ice-lite…) read the lines.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>The line terminator RFC 8866 §5 requires.</summary>
    public const string LineEnding = "\r\n";

    /// <summary>The v= value; always 0.</summary>
    public int Version { get; set; }

    /// <summary>The o= line.</summary>
    public required SdpOrigin Origin { get; set; }

    /// <summary>The s= value ("-" in WebRTC).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session-level lines other than v, o, s and a (i, u, e, p, c, b, t, r, z, k), in order.</summary>
    public List<SdpField> Fields { get; } = [];

    /// <summary>Session-level attributes in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The media sections in order.</summary>
    public List<MediaDescription> Media { get; } = [];

    /// <summary>The mids of the first a=group:BUNDLE line (RFC 8843 §7.1), empty without one.</summary>
    public IReadOnlyList<string> BundleGroup =>
        Attributes.FirstOrDefault(a => a.Name == "group" && a.Value?.StartsWith("BUNDLE", StringComparison.Ordinal) == true)
            ?.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray() ?? [];

    /// <summary>a=ice-lite is present (RFC 8445 §5.1.2).</summary>
    public bool IsIceLite => Attributes.Any(a => a.Name == "ice-lite");

    /// <summary>The value of the first session-level attribute named <paramref name="name"/>, or null.</summary>
    public string? GetAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>The media section with a=mid <paramref name="mid"/>, or null.</summary>
    public MediaDescription? FindMedia(string mid) => Media.FirstOrDefault(m => m.Mid == mid);

    /// <summary>Serializes with CRLF line endings.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Line(sb, $"v={Version}");
        Line(sb, $"o={Origin}");
        Line(sb, $"s={SessionName}");
        foreach (SdpField field in Fields)
        {
            Line(sb, field.ToString());
        }

        foreach (SdpAttribute attribute in Attributes)
        {
            Line(sb, $"a={attribute}");
        }

        foreach (MediaDescription media in Media)
        {
            media.AppendTo(sb);
        }

        return sb.ToString();
    }

    internal static void Line(StringBuilder sb, string line) => sb.Append(line).Append(LineEnding);
}
