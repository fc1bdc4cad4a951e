using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Sdp;

/// <summary>
/// Builds the SFU's answer to a browser offer (RFC 8829 §5.3): ICE-lite with one host candidate, DTLS passive, every
/// accepted section in one BUNDLE group with rtcp-mux, Opus for audio and VP8/H.264 (with RTX) for video. Sections it
/// cannot serve (other codecs, data channels) are rejected with port 0, as RFC 8829 §5.3.1 describes.
/// </summary>
public static partial class SfuAnswerBuilder
{
    // RFC 8445 §5.1.2.1: priority = 2^24 * 126 (host) + 2^8 * 65535 (local preference) + (256 - component 1).
    private const long HostCandidatePriority = (1L << 24) * 126 + (1L << 8) * 65535 + 255;

    // RFC 6544 §4.2: the same with local preference 2^13 * 4 (passive) + 8191 = 40959: below UDP's, so UDP is preferred.
    private const long TcpPassiveCandidatePriority = (1L << 24) * 126 + (1L << 8) * 40959 + 255;

    // RFC 8829 §5.3.1: a rejected section carries port 0; its c= line is a placeholder.
    private const string PlaceholderConnection = "IN IP4 0.0.0.0";

    /// <summary>Builds the answer to <paramref name="offer"/>; false with a reason when the offer cannot be answered at all.</summary>
    public static bool TryBuild(SessionDescription offer, SfuAnswerOptions options, out SessionDescription answer, out string error)
    {
        answer = null!;
        if (!IPAddress.TryParse(options.CandidateAddress, out IPAddress? address))
        {
            error = $"candidate address \"{options.CandidateAddress}\" is not an IP address";
            return false;
        }

        if (options.CandidatePort is < 1 or > ushort.MaxValue)
        {
            error = $"candidate port {options.CandidatePort} is out of range";
            return false;
        }

        if (options.TcpCandidatePort is < 1 or > ushort.MaxValue)
        {
            error = $"TCP candidate port {options.TcpCandidatePort} is out of range";
            return false;
        }

        if (!options.IncludeUdpCandidate && options.TcpCandidatePort is null)
        {
            error = "an answer needs a candidate: neither UDP nor TCP is offered";
            return false;
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            string? mid = offer.Media[i].Mid;
            if (mid is null)
            {
                error = $"media section {i} has no a=mid; unified plan offers need one (RFC 8843 §7)";
                return false;
            }

            if (!mids.Add(mid))
            {
                error = $"a=mid:{mid} appears twice";
                return false;
            }
        }

        string addressType = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var context = new SectionContext(options, $"IN {addressType} {address}");
        answer = new SessionDescription
        {
            Origin = new SdpOrigin(
                "-",
                options.SessionId.ToString(CultureInfo.InvariantCulture),
                options.SessionVersion.ToString(CultureInfo.InvariantCulture),
                "IN",
                "IP4",
                "127.0.0.1"),
            SessionName = "-",
        };
        answer.Fields.Add(new SdpField('t', "0 0"));

        var bundle = new List<string>();
        foreach (MediaDescription offered in offer.Media)
        {
            MediaDescription? accepted = TryAccept(offered, context);
            if (accepted is null)
            {
                answer.Media.Add(Reject(offered));
                continue;
            }

            answer.Media.Add(accepted);
            bundle.Add(offered.Mid!);
        }

        // RFC 8445 §5.1.2: the lite agent announces itself at session level.
        answer.Attributes.Add(new SdpAttribute("ice-lite"));
        if (bundle.Count > 0)
        {
            answer.Attributes.Add(new SdpAttribute("group", "BUNDLE " + string.Join(' ', bundle)));
        }

        if (offer.Attributes.Any(a => a.Name == "extmap-allow-mixed"))
        {
            // RFC 8285 §6: the SFU parses both one-byte and two-byte extension forms.
            answer.Attributes.Add(new SdpAttribute("extmap-allow-mixed"));
        }

        error = string.Empty;
        return true;
    }

    private static MediaDescription Reject(MediaDescription offered)
    {
        var rejected = new MediaDescription { Kind = offered.Kind, Port = 0, Protocol = offered.Protocol };
        rejected.Formats.AddRange(offered.Formats);
        rejected.Fields.Add(new SdpField('c', PlaceholderConnection));
        rejected.Add("mid", offered.Mid);
        return rejected;
    }

    private static MediaDescription? TryAccept(MediaDescription offered, SectionContext context)
    {
        if (!offered.IsActive || offered.Kind is not ("audio" or "video")
            || !offered.Protocol.EndsWith("RTP/SAVPF", StringComparison.Ordinal) || !offered.IsRtcpMux)
        {
            return null;
        }

        List<SdpPayloadFormat> codecs = SelectCodecs(offered, context.Options);
        if (codecs.Count == 0)
        {
            return null;
        }

        SfuAnswerOptions options = context.Options;
        SfuMediaPlan plan = options.Plans.TryGetValue(offered.Mid!, out SfuMediaPlan? p) ? p : options.DefaultPlan;
        SdpDirection offeredDirection = offered.Direction;
        bool peerSends = offeredDirection is SdpDirection.SendRecv or SdpDirection.SendOnly;
        bool peerReceives = offeredDirection is SdpDirection.SendRecv or SdpDirection.RecvOnly;
        bool receives = peerSends && plan.Direction is SfuMediaDirection.Receive or SfuMediaDirection.SendReceive;
        bool sends = peerReceives && plan.Direction is SfuMediaDirection.Send or SfuMediaDirection.SendReceive;

        // RFC 8839 §4.2.1.2: the m= port is the default candidate's: UDP's when offered, else TCP's.
        int defaultPort = options.IncludeUdpCandidate ? options.CandidatePort : options.TcpCandidatePort!.Value;
        var section = new MediaDescription { Kind = offered.Kind, Port = defaultPort, Protocol = offered.Protocol };
        section.Formats.AddRange(codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture)));
        section.Fields.Add(new SdpField('c', context.Connection));
        section.Add("ice-ufrag", options.IceUfrag)
            .Add("ice-pwd", options.IcePassword)
            .Add("fingerprint", new SdpFingerprint("sha-256", options.FingerprintSha256).ToString())
            .Add("setup", "passive")
            .Add("mid", offered.Mid);
        foreach (SdpExtmap extmap in offered.Extmaps.Where(e => options.HeaderExtensions.Contains(e.Uri) && e.Direction != "recvonly"))
        {
            // RFC 8285 §6: an extension the offerer only sends (Firefox's rid ones: a=extmap:9/sendonly) is answered
            // recvonly; one it would only receive is left out, as the SFU writes none of them.
            string? direction = extmap.Direction is "sendonly" ? "recvonly" : null;
            section.Add("extmap", new SdpExtmap(extmap.Id, extmap.Uri, direction).ToString());
        }

        if (offered.HasAttribute("extmap-allow-mixed"))
        {
            // Firefox offers it per section (RFC 8285 §6 allows both levels); the SFU parses both forms.
            section.Add("extmap-allow-mixed");
        }

        section.Add((sends, receives) switch
        {
            (true, true) => "sendrecv",
            (true, false) => "sendonly",
            (false, true) => "recvonly",
            _ => "inactive",
        });
        SfuSendStream? stream = sends ? plan.Send : null;
        if (stream is not null)
        {
            section.Add("msid", new SdpMsid(stream.StreamId, stream.TrackId).ToString());
        }

        section.Add("rtcp-mux");
        if (offered.IsRtcpReducedSize)
        {
            section.Add("rtcp-rsize");
        }

        AddCodecs(section, codecs, options);
        if (receives)
        {
            AddSimulcastReceive(section, offered);
        }

        if (stream is not null)
        {
            AddSendStream(section, stream, options.Cname);
        }

        if (options.IncludeUdpCandidate)
        {
            section.Add("candidate", string.Create(
                CultureInfo.InvariantCulture, $"1 1 udp {HostCandidatePriority} {options.CandidateAddress} {options.CandidatePort} typ host"));
        }

        if (options.TcpCandidatePort is int tcpPort)
        {
            // RFC 6544 §4.5: a passive candidate only accepts connections; its port is the listening port.
            section.Add("candidate", string.Create(
                CultureInfo.InvariantCulture,
                $"2 1 tcp {TcpPassiveCandidatePriority} {options.CandidateAddress} {tcpPort} typ host tcptype passive"));
        }

        section.Add("end-of-candidates");
        return section;
    }

    private static void AddSendStream(MediaDescription section, SfuSendStream stream, string cname)
    {
        string msid = new SdpMsid(stream.StreamId, stream.TrackId).ToString();
        if (stream.RtxSsrc is uint rtx)
        {
            section.Add("ssrc-group", new SdpSsrcGroup(SdpSsrcGroup.FlowIdentification, [stream.Ssrc, rtx]).ToString());
        }

        foreach (uint ssrc in stream.RtxSsrc is uint r ? [stream.Ssrc, r] : new[] { stream.Ssrc })
        {
            section.Add("ssrc", new SdpSsrc(ssrc, "cname", cname).ToString());
            section.Add("ssrc", new SdpSsrc(ssrc, "msid", msid).ToString());
        }
    }

    /// <summary>RFC 8853 §5.3: to receive the offered simulcast layers, answer each send rid with recv.</summary>
    private static void AddSimulcastReceive(MediaDescription section, MediaDescription offered)
    {
        if (offered.GetSimulcastSendRids().Count == 0 || !SdpSimulcast.TryParse(offered.Simulcast!, out SdpSimulcast simulcast))
        {
            return;
        }

        foreach (SdpSimulcastId id in simulcast.Send.SelectMany(stream => stream))
        {
            section.Add("rid", new SdpRid(id.Rid, "recv").ToString());
        }

        section.Add("simulcast", new SdpSimulcast([], simulcast.Send).ToString());
    }

    private sealed record SectionContext(SfuAnswerOptions Options, string Connection);
}
