namespace Live.Media.Sdp;

/// <summary>An a=rtcp-fb value (RFC 4585 §4.2): payload type (null for "*"), feedback type and optional parameter.</summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    /// <summary>Parses "&lt;pt|*&gt; &lt;type&gt;[ &lt;parameter&gt;]".</summary>
    public static bool TryParse(string value, out SdpRtcpFeedback feedback)
    {
        feedback = null!;
        string[] parts = value.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            return false;
        }

        int? payloadType = null;
        if (parts[0] != "*")
        {
            if (!SdpSyntax.TryParsePayloadType(parts[0], out int pt))
            {
                return false;
            }

            payloadType = pt;
        }

        feedback = new SdpRtcpFeedback(payloadType, parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>"type" or "type parameter", the form the SFU compares against.</summary>
    public string Kind => Parameter is null ? Type : $"{Type} {Parameter}";

    /// <summary>The attribute value.</summary>
    public override string ToString() => $"{PayloadType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"} {Kind}";
}
