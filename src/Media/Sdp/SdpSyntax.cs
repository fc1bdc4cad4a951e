using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>Small lexical checks shared by the SDP value parsers.</summary>
internal static class SdpSyntax
{
    /// <summary>RFC 3551 §3: RTP payload types are 7 bits.</summary>
    public const int MaxPayloadType = 127;

    public static bool TryParsePayloadType(string text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && payloadType <= MaxPayloadType;

    /// <summary>RFC 8866 §9 token-char: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.</summary>
    public static bool IsToken(string text)
    {
        foreach (char c in text)
        {
            bool allowed = c == 0x21 || c is >= (char)0x23 and <= (char)0x27 || c is (char)0x2A or (char)0x2B or (char)0x2D or (char)0x2E
                || c is >= '0' and <= '9' || c is >= 'A' and <= 'Z' || c is >= (char)0x5E and <= (char)0x7E;
            if (!allowed)
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
