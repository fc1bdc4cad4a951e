using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>An a=ssrc-group value (RFC 5576 §4.2), for example "FID &lt;media&gt; &lt;rtx&gt;" pairing a stream with its RTX stream.</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <summary>RFC 5576 §4.2 with RFC 4588: flow identification, used for RTX.</summary>
    public const string FlowIdentification = "FID";

    /// <summary>Parses "&lt;semantics&gt; &lt;ssrc&gt; ...".</summary>
    public static bool TryParse(string value, out SdpSsrcGroup group)
    {
        group = null!;
        string[] parts = value.Split(' ');
        if (parts.Length < 2 || parts[0].Length == 0 || !SdpSyntax.IsToken(parts[0]))
        {
            return false;
        }

        var ssrcs = new uint[parts.Length - 1];
        for (int i = 1; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ssrcs[i - 1]))
            {
                return false;
            }
        }

        group = new SdpSsrcGroup(parts[0], ssrcs);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => $"{Semantics} {string.Join(' ', Ssrcs)}";
}
