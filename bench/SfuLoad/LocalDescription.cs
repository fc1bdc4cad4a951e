using System.Text;

namespace Live.SfuLoad;

/// <summary>
/// Writes the client's SDP (RFC 8829 shapes, one bundled transport, rtcp-mux, no trickle: the one host candidate is in
/// the description). Codecs are fixed to what the clip carries: VP8 (payload type 96) and Opus (111).
/// </summary>
public static class LocalDescription
{
    public const int Vp8PayloadType = 96;
    public const int OpusPayloadType = 111;

    /// <summary>A media section the client writes: its mid, kind, direction, payload type and sending SSRC if any.</summary>
    public sealed record Section(string Mid, string Kind, string Direction, int PayloadType, uint? Ssrc = null);

    public static string Write(PeerTransport transport, string setup, IReadOnlyList<Section> sections)
    {
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\n")
           .Append($"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1\r\n")
           .Append("s=-\r\nt=0 0\r\n")
           .Append($"a=group:BUNDLE {string.Join(' ', sections.Select(s => s.Mid))}\r\n")
           .Append("a=msid-semantic: WMS bench\r\n");
        foreach (var s in sections)
        {
            var codec = s.Kind == "video" ? $"VP8/90000" : "opus/48000/2";
            sdp.Append($"m={s.Kind} {transport.LocalPort} UDP/TLS/RTP/SAVPF {s.PayloadType}\r\n")
               .Append("c=IN IP4 127.0.0.1\r\n")
               .Append($"a=ice-ufrag:{transport.LocalUfrag}\r\n")
               .Append($"a=ice-pwd:{transport.LocalPwd}\r\n")
               .Append($"a=fingerprint:{transport.Certificate.Fingerprint}\r\n")
               .Append($"a=setup:{setup}\r\n")
               .Append($"a=mid:{s.Mid}\r\n")
               .Append($"a={s.Direction}\r\n")
               .Append("a=rtcp-mux\r\n")
               .Append($"a=rtpmap:{s.PayloadType} {codec}\r\n");
            if (s.Kind == "video")
                sdp.Append($"a=rtcp-fb:{s.PayloadType} nack\r\na=rtcp-fb:{s.PayloadType} nack pli\r\n");
            else
                sdp.Append($"a=fmtp:{s.PayloadType} minptime=10;useinbandfec=1\r\n");
            if (s.Ssrc is uint ssrc)
                sdp.Append($"a=ssrc:{ssrc} cname:bench\r\na=ssrc:{ssrc} msid:bench {s.Kind}\r\n");
            // RFC 8445 §5.1.2.1 priority of a host candidate: type preference 126, local preference 65535, component 1.
            sdp.Append($"a=candidate:1 1 udp 2130706431 127.0.0.1 {transport.LocalPort} typ host\r\n")
               .Append("a=end-of-candidates\r\n");
        }

        return sdp.ToString();
    }
}
