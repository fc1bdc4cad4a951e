using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>
/// Parses a session description (RFC 8866) received from a browser into a <see cref="SessionDescription"/>. Input is
/// untrusted: nothing throws, size is capped, and every rejection comes with a message naming the line and the problem.
/// </summary>
public static partial class SdpParser
{
    /// <summary>Largest description accepted, in characters; Chromium offers are a few KiB, 64 KiB leaves room for many tracks.</summary>
    public const int MaxLength = 64 * 1024;

    // RFC 8866 §5: the only line types there are; which may appear at session level and which in a media section.
    private const string SessionFieldTypes = "iuepcbtrzk";
    private const string MediaFieldTypes = "icbk";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string? text, out SessionDescription description, out string error)
    {
        description = null!;
        try
        {
            return TryParseCore(text, out description, out error);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            // Defensive: the checks below should make this unreachable, but untrusted input must never escape as an exception.
            error = $"SDP could not be parsed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseCore(string? text, out SessionDescription description, out string error)
    {
        description = null!;
        if (string.IsNullOrEmpty(text))
        {
            return Fail("SDP is empty", out error);
        }

        if (text.Length > MaxLength)
        {
            return Fail($"SDP is {text.Length} characters; the limit is {MaxLength}", out error);
        }

        string[] lines = SplitLines(text);
        if (lines.Length < 3 || lines[0] != "v=0")
        {
            return Fail("the first line must be \"v=0\"", out error);
        }

        for (int i = 0; i < lines.Length; i++)
        {
            if (!IsWellFormedLine(lines[i], i + 1, out error))
            {
                return false;
            }
        }

        if (!lines[1].StartsWith("o=", StringComparison.Ordinal) || !SdpOrigin.TryParse(lines[1][2..], out SdpOrigin origin))
        {
            return Fail($"line 2: expected \"o=<username> <sess-id> <sess-version> IN <addrtype> <address>\", got \"{Truncate(lines[1])}\"", out error);
        }

        if (!lines[2].StartsWith("s=", StringComparison.Ordinal))
        {
            return Fail($"line 3: expected an s= line, got \"{Truncate(lines[2])}\"", out error);
        }

        var session = new SessionDescription { Origin = origin, SessionName = lines[2][2..] };
        MediaDescription? media = null;
        bool sawTiming = false;
        for (int i = 3; i < lines.Length; i++)
        {
            string line = lines[i];
            char type = line[0];
            string value = line[2..];
            int number = i + 1;
            if (type == 'm')
            {
                if (!sawTiming)
                {
                    return Fail($"line {number}: m= before any t= line; a session needs t= (RFC 8866 §5.9)", out error);
                }

                if (!TryParseMediaLine(value, number, out media, out error))
                {
                    return false;
                }

                session.Media.Add(media);
            }
            else if (type == 'a')
            {
                if (!TryParseAttribute(value, number, media is not null, out SdpAttribute attribute, out error))
                {
                    return false;
                }

                (media?.Attributes ?? session.Attributes).Add(attribute);
            }
            else if (media is null && SessionFieldTypes.Contains(type, StringComparison.Ordinal))
            {
                sawTiming |= type == 't';
                session.Fields.Add(new SdpField(type, value));
            }
            else if (media is not null && MediaFieldTypes.Contains(type, StringComparison.Ordinal))
            {
                media.Fields.Add(new SdpField(type, value));
            }
            else
            {
                string where = media is null ? "at session level" : "in a media section";
                return Fail($"line {number}: \"{type}=\" is not allowed {where}", out error);
            }
        }

        if (!sawTiming)
        {
            return Fail("missing t= line (RFC 8866 §5.9)", out error);
        }

        description = session;
        error = string.Empty;
        return true;
    }

    private static string[] SplitLines(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }

        // A description ends with a line terminator, which leaves one empty string after the split.
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static bool IsWellFormedLine(string line, int number, out string error)
    {
        if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
        {
            return Fail($"line {number}: expected \"<type>=<value>\", got \"{Truncate(line)}\"", out error);
        }

        foreach (char c in line)
        {
            if (c is '\0' or '\r')
            {
                return Fail($"line {number}: contains a NUL or a bare CR", out error);
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool TryParseMediaLine(string value, int number, out MediaDescription media, out string error)
    {
        media = null!;
        string[] parts = value.Split(' ');
        if (parts.Length < 4 || parts.Any(string.IsNullOrEmpty))
        {
            return Fail($"line {number}: bad m= line \"{Truncate(value)}\"; expected \"<media> <port> <proto> <fmt> ...\"", out error);
        }

        string portText = parts[1];
        int? portCount = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count == 0)
            {
                return Fail($"line {number}: bad port count in m= line \"{Truncate(value)}\"", out error);
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > ushort.MaxValue)
        {
            return Fail($"line {number}: bad port \"{Truncate(parts[1])}\" in m= line", out error);
        }

        if (!SdpSyntax.IsToken(parts[0]))
        {
            return Fail($"line {number}: bad media type \"{Truncate(parts[0])}\" in m= line", out error);
        }

        media = new MediaDescription { Kind = parts[0], Port = port, PortCount = portCount, Protocol = parts[2] };
        media.Formats.AddRange(parts[3..]);
        if (media.Protocol.Contains("RTP", StringComparison.Ordinal) && media.Formats.Any(f => !SdpSyntax.TryParsePayloadType(f, out _)))
        {
            return Fail($"line {number}: RTP m= line has a format that is not a payload type 0-127: \"{Truncate(value)}\"", out error);
        }

        error = string.Empty;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
