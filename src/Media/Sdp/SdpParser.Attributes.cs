namespace Live.Media.Sdp;

/// <content>Attribute syntax checks: the attributes the SFU relies on must be well formed, others are kept as they are.</content>
public static partial class SdpParser
{
    private static bool TryParseAttribute(string value, int number, bool inMedia, out SdpAttribute attribute, out string error)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? value : value[..colon];
        string? attributeValue = colon < 0 ? null : value[(colon + 1)..];
        attribute = new SdpAttribute(name, attributeValue);
        if (!SdpSyntax.IsToken(name))
        {
            return Fail($"line {number}: bad attribute name in \"a={Truncate(value)}\"", out error);
        }

        string? problem = name switch
        {
            "rtpmap" => Check<SdpRtpMap>(attributeValue, SdpRtpMap.TryParse, "\"<pt> <encoding>/<clock rate>[/<channels>]\""),
            "fmtp" => Check<SdpFmtp>(attributeValue, SdpFmtp.TryParse, "\"<pt> <parameters>\""),
            "rtcp-fb" => Check<SdpRtcpFeedback>(attributeValue, SdpRtcpFeedback.TryParse, "\"<pt|*> <type> [<parameter>]\""),
            "extmap" => Check<SdpExtmap>(attributeValue, SdpExtmap.TryParse, "\"<id 1-255>[/<direction>] <uri>\""),
            "fingerprint" => Check<SdpFingerprint>(attributeValue, SdpFingerprint.TryParse, "\"<hash> <XX:XX:...>\""),
            "ssrc" => Check<SdpSsrc>(attributeValue, SdpSsrc.TryParse, "\"<ssrc> <attribute>[:<value>]\""),
            "ssrc-group" => Check<SdpSsrcGroup>(attributeValue, SdpSsrcGroup.TryParse, "\"<semantics> <ssrc> ...\""),
            "rid" => Check<SdpRid>(attributeValue, SdpRid.TryParse, "\"<id> send|recv [<restrictions>]\""),
            "msid" => Check<SdpMsid>(attributeValue, SdpMsid.TryParse, "\"<stream id> [<track id>]\""),
            "setup" => attributeValue is "active" or "passive" or "actpass" or "holdconn" ? null : "expected active, passive, actpass or holdconn",
            "mid" or "ice-ufrag" or "ice-pwd" => string.IsNullOrEmpty(attributeValue) ? "a value is required" : null,
            "sendrecv" or "sendonly" or "recvonly" or "inactive" or "rtcp-mux" => inMedia && attributeValue is not null ? "takes no value" : null,
            _ => null,
        };
        if (problem is not null)
        {
            return Fail($"line {number}: bad a={name}: {problem}, got \"a={Truncate(value)}\"", out error);
        }

        error = string.Empty;
        return true;
    }

    private static string? Check<T>(string? value, SdpValueParser<T> parse, string expected) =>
        value is not null && parse(value, out _) ? null : "expected " + expected;
}
