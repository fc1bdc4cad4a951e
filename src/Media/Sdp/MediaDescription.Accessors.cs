namespace Live.Media.Sdp;

/// <content>Typed views of the WebRTC attributes of a media section.</content>
public sealed partial class MediaDescription
{
    /// <summary>a=mid (RFC 8843 §7), or null.</summary>
    public string? Mid => GetAttribute("mid");

    /// <summary>The direction attribute; sendrecv when none is present (RFC 8866 §6.7).</summary>
    public SdpDirection Direction
    {
        get
        {
            foreach (SdpAttribute a in Attributes)
            {
                switch (a.Name)
                {
                    case "sendrecv": return SdpDirection.SendRecv;
                    case "sendonly": return SdpDirection.SendOnly;
                    case "recvonly": return SdpDirection.RecvOnly;
                    case "inactive": return SdpDirection.Inactive;
                }
            }

            return SdpDirection.SendRecv;
        }
    }

    /// <summary>
    /// Whether the section takes part in the session: a non-zero port, or port 0 with a=bundle-only (RFC 8843 §6), which
    /// an offerer uses for a section that may only be used inside a BUNDLE group. Firefox offers every section after the
    /// first of its kind that way (a second video for a screen share), so port 0 alone does not mean rejected.
    /// </summary>
    public bool IsActive => Port != 0 || HasAttribute("bundle-only");

    /// <summary>a=rtcp-mux (RFC 5761 §5.1.3).</summary>
    public bool IsRtcpMux => HasAttribute("rtcp-mux");

    /// <summary>a=rtcp-rsize (RFC 5506 §5).</summary>
    public bool IsRtcpReducedSize => HasAttribute("rtcp-rsize");

    /// <summary>a=ice-ufrag (RFC 8839 §5.4).</summary>
    public string? IceUfrag => GetAttribute("ice-ufrag");

    /// <summary>a=ice-pwd (RFC 8839 §5.4).</summary>
    public string? IcePassword => GetAttribute("ice-pwd");

    /// <summary>a=setup (RFC 4145 §4): active, passive, actpass or holdconn.</summary>
    public string? Setup => GetAttribute("setup");

    /// <summary>The first a=fingerprint (RFC 8122 §5), or null.</summary>
    public SdpFingerprint? Fingerprint =>
        GetAttributes("fingerprint").Select(v => SdpFingerprint.TryParse(v, out SdpFingerprint f) ? f : null).FirstOrDefault(f => f is not null);

    /// <summary>a=msid (RFC 8830 §2), or null.</summary>
    public SdpMsid? Msid => GetAttribute("msid") is string v && SdpMsid.TryParse(v, out SdpMsid m) ? m : null;

    /// <summary>a=simulcast value (RFC 8853 §5.1) as written, or null.</summary>
    public string? Simulcast => GetAttribute("simulcast");

    /// <summary>
    /// The rids this section sends as simulcast, one per stream (its first alternative), in the offer's order: the streams
    /// of a well-formed a=simulcast send list whose every rid has an a=rid send line (RFC 8853 §5.1, RFC 8851 §4).
    /// Empty when the section sends no simulcast or the lines disagree (then it is answered as a single stream).
    /// </summary>
    public IReadOnlyList<string> GetSimulcastSendRids()
    {
        if (Simulcast is not string value || !SdpSimulcast.TryParse(value, out SdpSimulcast simulcast) || simulcast.Send.Count == 0)
        {
            return [];
        }

        var sendRids = Rids.Where(r => r.Direction == "send").Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return simulcast.Send.All(stream => stream.All(id => sendRids.Contains(id.Rid)))
            ? simulcast.Send.Select(stream => stream[0].Rid).ToArray()
            : [];
    }

    /// <summary>The a=extmap lines.</summary>
    public IReadOnlyList<SdpExtmap> Extmaps => ParseAll<SdpExtmap>("extmap", SdpExtmap.TryParse);

    /// <summary>The a=ssrc lines.</summary>
    public IReadOnlyList<SdpSsrc> Ssrcs => ParseAll<SdpSsrc>("ssrc", SdpSsrc.TryParse);

    /// <summary>The a=ssrc-group lines.</summary>
    public IReadOnlyList<SdpSsrcGroup> SsrcGroups => ParseAll<SdpSsrcGroup>("ssrc-group", SdpSsrcGroup.TryParse);

    /// <summary>The a=rid lines.</summary>
    public IReadOnlyList<SdpRid> Rids => ParseAll<SdpRid>("rid", SdpRid.TryParse);

    /// <summary>The a=candidate values as written (RFC 8839 §5.1).</summary>
    public IReadOnlyList<string> Candidates => GetAttributes("candidate").ToArray();

    /// <summary>The extmap ID negotiated for <paramref name="uri"/>, or null.</summary>
    public int? GetExtmapId(string uri) => Extmaps.FirstOrDefault(e => e.Uri == uri)?.Id;

    /// <summary>Each payload type of the m= line with its rtpmap, fmtp and rtcp-fb lines (rtcp-fb "*" applies to all), in m= order.</summary>
    public IReadOnlyList<SdpPayloadFormat> GetPayloadFormats()
    {
        IReadOnlyList<SdpRtpMap> rtpMaps = ParseAll<SdpRtpMap>("rtpmap", SdpRtpMap.TryParse);
        IReadOnlyList<SdpFmtp> fmtps = ParseAll<SdpFmtp>("fmtp", SdpFmtp.TryParse);
        IReadOnlyList<SdpRtcpFeedback> feedback = ParseAll<SdpRtcpFeedback>("rtcp-fb", SdpRtcpFeedback.TryParse);
        var formats = new List<SdpPayloadFormat>();
        foreach (string format in Formats)
        {
            if (!SdpSyntax.TryParsePayloadType(format, out int pt))
            {
                continue;
            }

            formats.Add(new SdpPayloadFormat(
                pt,
                rtpMaps.FirstOrDefault(r => r.PayloadType == pt),
                fmtps.FirstOrDefault(f => f.PayloadType == pt),
                feedback.Where(f => f.PayloadType is null || f.PayloadType == pt).ToArray()));
        }

        return formats;
    }

    private IReadOnlyList<T> ParseAll<T>(string name, SdpValueParser<T> parse)
    {
        var list = new List<T>();
        foreach (string value in GetAttributes(name))
        {
            if (parse(value, out T item))
            {
                list.Add(item);
            }
        }

        return list;
    }
}
