namespace Live.Media.Sdp;

/// <summary>
/// An a=simulcast value (RFC 8853 §5.1): per direction, the simulcast streams in order, each a list of alternative rids
/// (',' separates alternatives, ';' streams, '~' marks a paused one). The SFU receives simulcast, so it reads the send
/// list of an offer; the streams' order is the publisher's encoding order (the web app lists low to high).
/// </summary>
public sealed record SdpSimulcast(IReadOnlyList<IReadOnlyList<SdpSimulcastId>> Send, IReadOnlyList<IReadOnlyList<SdpSimulcastId>> Receive)
{
    /// <summary>
    /// RFC 8852 §3.1 carries a rid in an RTP header extension element of at most 16 bytes (RFC 8285 one-byte form), so a
    /// longer rid could never be matched to a packet; RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_").
    /// </summary>
    public const int MaxRidLength = 16;

    /// <summary>Parses "send &lt;list&gt;[ recv &lt;list&gt;]" or "recv &lt;list&gt;[ send &lt;list&gt;]" (RFC 8853 §5.1).</summary>
    public static bool TryParse(string value, out SdpSimulcast simulcast)
    {
        simulcast = null!;
        string[] tokens = value.Split(' ');
        if (tokens.Length is not (2 or 4))
        {
            return false;
        }

        IReadOnlyList<IReadOnlyList<SdpSimulcastId>>? send = null;
        IReadOnlyList<IReadOnlyList<SdpSimulcastId>>? receive = null;
        for (int i = 0; i < tokens.Length; i += 2)
        {
            if (!TryParseList(tokens[i + 1], out IReadOnlyList<IReadOnlyList<SdpSimulcastId>> list))
            {
                return false;
            }

            switch (tokens[i])
            {
                case "send" when send is null:
                    send = list;
                    break;
                case "recv" when receive is null:
                    receive = list;
                    break;
                default:
                    return false; // unknown direction, or one direction twice
            }
        }

        simulcast = new SdpSimulcast(send ?? [], receive ?? []);
        return true;
    }

    /// <summary>RFC 8851 §10: 1*(alpha-numeric / "-" / "_"), here at most <see cref="MaxRidLength"/> characters.</summary>
    public static bool IsValidRid(ReadOnlySpan<char> rid)
    {
        if (rid.Length is 0 or > MaxRidLength)
        {
            return false;
        }

        foreach (char c in rid)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The attribute value, send list first.</summary>
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (Send.Count > 0)
        {
            parts.Add("send");
            parts.Add(Format(Send));
        }

        if (Receive.Count > 0)
        {
            parts.Add("recv");
            parts.Add(Format(Receive));
        }

        return string.Join(' ', parts);
    }

    private static bool TryParseList(string text, out IReadOnlyList<IReadOnlyList<SdpSimulcastId>> list)
    {
        list = [];
        var streams = new List<IReadOnlyList<SdpSimulcastId>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string stream in text.Split(';'))
        {
            var alternatives = new List<SdpSimulcastId>();
            foreach (string id in stream.Split(','))
            {
                bool paused = id.StartsWith('~');
                string rid = paused ? id[1..] : id;
                if (!IsValidRid(rid) || !seen.Add(rid))
                {
                    return false; // RFC 8853 §5.1: a rid appears at most once per direction
                }

                alternatives.Add(new SdpSimulcastId(rid, paused));
            }

            streams.Add(alternatives);
        }

        list = streams;
        return true;
    }

    private static string Format(IReadOnlyList<IReadOnlyList<SdpSimulcastId>> streams) =>
        string.Join(';', streams.Select(s => string.Join(',', s.Select(id => id.Paused ? "~" + id.Rid : id.Rid))));
}
