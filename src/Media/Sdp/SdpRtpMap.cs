using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>An a=rtpmap value (RFC 8866 §6.6): payload type, encoding name, clock rate and optional channel count.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>Parses "&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]".</summary>
    public static bool TryParse(string value, out SdpRtpMap rtpMap)
    {
        rtpMap = null!;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !SdpSyntax.TryParsePayloadType(value[..space], out int payloadType))
        {
            return false;
        }

        string[] parts = value[(space + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !SdpSyntax.IsToken(parts[0])
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate) || clockRate == 0)
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c == 0)
            {
                return false;
            }

            channels = c;
        }

        rtpMap = new SdpRtpMap(payloadType, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() =>
        Channels is int c ? $"{PayloadType} {EncodingName}/{ClockRate}/{c}" : $"{PayloadType} {EncodingName}/{ClockRate}";
}
