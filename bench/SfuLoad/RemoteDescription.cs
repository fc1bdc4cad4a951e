using System.Net;
using Live.Media.Dtls;

namespace Live.SfuLoad;

/// <summary>
/// What the load client needs from a server's SDP: ICE credentials, the DTLS fingerprint and role, the first UDP host
/// candidate, and each media section's mid, kind and payload types. Both servers bundle everything on one transport.
/// </summary>
public sealed class RemoteDescription
{
    public required string IceUfrag { get; init; }
    public required string IcePwd { get; init; }
    public required DtlsFingerprint Fingerprint { get; init; }
    public required string Setup { get; init; }
    public required IPEndPoint Candidate { get; init; }
    public required IReadOnlyList<RemoteMedia> Media { get; init; }

    public static RemoteDescription Parse(string sdp)
    {
        string? ufrag = null, pwd = null, fingerprint = null, setup = null;
        IPEndPoint? candidate = null;
        var media = new List<RemoteMedia>();
        RemoteMedia? current = null;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m="))
            {
                var parts = line[2..].Split(' ');
                current = new RemoteMedia(parts[0], int.Parse(parts[1]));
                media.Add(current);
            }
            else if (line.StartsWith("a=ice-ufrag:")) ufrag ??= line[12..];
            else if (line.StartsWith("a=ice-pwd:")) pwd ??= line[10..];
            else if (line.StartsWith("a=fingerprint:")) fingerprint ??= line[14..];
            else if (line.StartsWith("a=setup:")) setup ??= line[8..];
            else if (line.StartsWith("a=mid:") && current is not null) current.Mid = line[6..];
            else if (line.StartsWith("a=rtpmap:") && current is not null)
            {
                // a=rtpmap:<pt> <codec>/<clock>[/<channels>]
                var space = line.IndexOf(' ');
                current.Codecs.Add((int.Parse(line[9..space]), line[(space + 1)..].Split('/')[0]));
            }
            else if (line.StartsWith("a=candidate:") && candidate is null)
            {
                // RFC 8839 §5.1: foundation component transport priority address port "typ" type
                var f = line[12..].Split(' ');
                if (f.Length >= 8 && f[1] == "1" && f[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                    && IPAddress.TryParse(f[4], out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    candidate = new IPEndPoint(address, int.Parse(f[5]));
            }
        }

        if (ufrag is null || pwd is null || fingerprint is null || candidate is null)
            throw new InvalidOperationException("the server's SDP lacks ICE credentials, a fingerprint or a UDP IPv4 candidate:\n" + sdp);
        if (!DtlsFingerprint.TryParse(fingerprint, out var parsed) || parsed is null)
            throw new InvalidOperationException($"unreadable fingerprint {fingerprint}");
        return new RemoteDescription
        {
            IceUfrag = ufrag, IcePwd = pwd, Fingerprint = parsed, Setup = setup ?? "actpass", Candidate = candidate, Media = media,
        };
    }
}

/// <summary>One m= section of a server's SDP.</summary>
public sealed class RemoteMedia(string kind, int port)
{
    public string Kind { get; } = kind;
    /// <summary>Port 0 marks a rejected section (RFC 8843 §7.3: also a bundled section keeps its port in practice).</summary>
    public int Port { get; } = port;
    public string Mid { get; set; } = "";
    public List<(int PayloadType, string Codec)> Codecs { get; } = [];

    public int? PayloadTypeOf(string codec) =>
        Codecs.FirstOrDefault(c => c.Codec.Equals(codec, StringComparison.OrdinalIgnoreCase)) is var (pt, name) && name is not null ? pt : null;
}
