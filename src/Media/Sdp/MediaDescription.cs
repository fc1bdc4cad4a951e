using System.Globalization;
using System.Text;

namespace Live.Media.Sdp;

/// <summary>
/// One media section (RFC 8866 §5.14): the m= line, its other lines and attributes in original order. Typed
/// accessors for the WebRTC attributes (mid, direction, ICE, DTLS, codecs, SSRCs, simulcast) read the attribute list.
/// </summary>
public sealed partial class MediaDescription
{
    /// <summary>The media type: audio, video, application…</summary>
    public required string Kind { get; set; }

    /// <summary>The transport port; 0 marks a rejected or disabled section (RFC 8829 §5.3.1).</summary>
    public int Port { get; set; }

    /// <summary>The optional "/&lt;number of ports&gt;" after the port.</summary>
    public int? PortCount { get; set; }

    /// <summary>The transport protocol, e.g. UDP/TLS/RTP/SAVPF.</summary>
    public required string Protocol { get; set; }

    /// <summary>The format list: RTP payload types as text, or e.g. "webrtc-datachannel".</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Media-level lines other than a= (i, c, b, k), in order.</summary>
    public List<SdpField> Fields { get; } = [];

    /// <summary>Media-level attributes in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The m= line value.</summary>
    public string MediaLine
    {
        get
        {
            string port = PortCount is int n ? $"{Port}/{n}" : Port.ToString(CultureInfo.InvariantCulture);
            return $"{Kind} {port} {Protocol} {string.Join(' ', Formats)}";
        }
    }

    /// <summary>Adds an attribute line.</summary>
    public MediaDescription Add(string name, string? value = null)
    {
        Attributes.Add(new SdpAttribute(name, value));
        return this;
    }

    /// <summary>The value of the first attribute named <paramref name="name"/>, or null (also null for a property attribute).</summary>
    public string? GetAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>True when an attribute named <paramref name="name"/> is present.</summary>
    public bool HasAttribute(string name) => Attributes.Any(a => a.Name == name);

    /// <summary>The values of every attribute named <paramref name="name"/>.</summary>
    public IEnumerable<string> GetAttributes(string name) =>
        Attributes.Where(a => a.Name == name && a.Value is not null).Select(a => a.Value!);

    internal void AppendTo(StringBuilder sb)
    {
        SessionDescription.Line(sb, $"m={MediaLine}");
        foreach (SdpField field in Fields)
        {
            SessionDescription.Line(sb, field.ToString());
        }

        foreach (SdpAttribute attribute in Attributes)
        {
            SessionDescription.Line(sb, $"a={attribute}");
        }
    }
}
