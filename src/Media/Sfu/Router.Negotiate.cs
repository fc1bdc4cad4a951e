using Live.Media.Dtls;
using Live.Media.Ice;
using Live.Media.Sdp;

namespace Live.Media.Sfu;

/// <summary>
/// The control plane's one entry point. The browser always offers (client-driven renegotiation): sendonly transceivers
/// for what it publishes, recvonly ones for the producers it wants. Everything is checked before anything changes, so a
/// refused offer leaves the router as it was.
/// </summary>
public sealed partial class Router
{
    private static readonly IReadOnlyDictionary<string, TrackSource> NoPublish = new Dictionary<string, TrackSource>();
    private static readonly IReadOnlyDictionary<string, string> NoSubscribe = new Dictionary<string, string>();
    private static readonly SfuMediaPlan Inactive = new(SfuMediaDirection.Inactive);

    /// <summary>
    /// Answers <paramref name="offerSdp"/> from <paramref name="participantId"/>: the first call creates their transport,
    /// later calls renegotiate it (a new ice-ufrag restarts ICE; a new DTLS fingerprint replaces the transport).
    /// <paramref name="publish"/> maps the offer's sendonly mids to what they carry (producers <c>{participantId}:{source}</c>);
    /// <paramref name="subscribe"/> maps its recvonly mids to producer ids. Producers the participant no longer publishes
    /// close. <paramref name="hidden"/> marks a participant guests must not notice (an observer): its subscriptions never
    /// make a publisher count a keyframe request (<see cref="WebRtcTransport.IsHidden"/>). Never throws for bad input: the
    /// result carries an error and nothing changes.
    /// </summary>
    public NegotiationResult Negotiate(string participantId, string offerSdp,
        IReadOnlyDictionary<string, TrackSource>? publish, IReadOnlyDictionary<string, string>? subscribe, bool hidden = false)
    {
        publish ??= NoPublish;
        subscribe ??= NoSubscribe;
        if (string.IsNullOrEmpty(participantId))
        {
            return NegotiationResult.Fail("the participant id is empty", Producers);
        }

        if (!SdpParser.TryParse(offerSdp, out SessionDescription offer, out string parseError))
        {
            return NegotiationResult.Fail($"malformed SDP offer: {parseError}", Producers);
        }

        lock (_gate)
        {
            if (_closed)
            {
                return NegotiationResult.Fail($"router {Id} is closed", ProducerInfos());
            }

            string? error = Validate(participantId, offer, publish, subscribe, out OfferTransport? remote);
            return error is not null
                ? NegotiationResult.Fail(error, ProducerInfos())
                : NegotiateLocked(participantId, offer, remote!, publish, subscribe, hidden);
        }
    }

    private NegotiationResult NegotiateLocked(string participantId, SessionDescription offer, OfferTransport remote,
        IReadOnlyDictionary<string, TrackSource> publish, IReadOnlyDictionary<string, string> subscribe, bool hidden)
    {
        var closedProducers = new List<string>();
        WebRtcTransport? transport = _transports.GetValueOrDefault(participantId);
        if (transport is not null && !transport.RemoteFingerprint.Equals(remote.Fingerprint))
        {
            // A new certificate means a new RTCPeerConnection: the old transport is dead.
            closedProducers.AddRange(CloseParticipantLocked(participantId));
            transport = null;
        }

        bool created = transport is null;
        if (transport is null)
        {
            if (!Server.TryReserveTransport())
            {
                return NegotiationResult.Fail($"the SFU is full ({Server.Options.MaxTransports} transports)", ProducerInfos());
            }

            transport = new WebRtcTransport(Server, this, participantId, remote.Fingerprint, remote.Ufrag, remote.Password);
        }

        IceCredentials? restart = !created && transport.Ice.RemoteUfrag != remote.Ufrag ? IceCredentials.Generate() : null;
        IceCredentials local = restart ?? transport.Ice.LocalCredentials;
        Dictionary<string, Consumer> consumers = PlanConsumers(transport, offer, subscribe);
        var plans = new Dictionary<string, SfuMediaPlan>(StringComparer.Ordinal);
        foreach (string mid in publish.Keys)
        {
            plans[mid] = SfuMediaPlan.Receive;
        }

        foreach ((string mid, Consumer consumer) in consumers)
        {
            plans[mid] = new SfuMediaPlan(SfuMediaDirection.Send, new SfuSendStream(consumer.Ssrc, consumer.RtxSsrc,
                MsidToken(consumer.Producer.ParticipantId), MsidToken(consumer.Producer.Id)));
        }

        var options = new SfuAnswerOptions
        {
            IceUfrag = local.Ufrag,
            IcePassword = local.Password,
            FingerprintSha256 = FingerprintHex(transport.Certificate.Fingerprint),
            CandidateAddress = Server.Candidate.Address.ToString(),
            CandidatePort = Server.Candidate.Port,
            IncludeUdpCandidate = Server.Options.UdpEnabled,
            TcpCandidatePort = Server.TcpCandidate?.Port,
            SessionId = transport.SdpSessionId,
            SessionVersion = transport.SdpSessionVersion + 1,
            Plans = plans,
            DefaultPlan = Inactive,
        };
        string? error = SfuAnswerBuilder.TryBuild(offer, options, out SessionDescription answer, out string buildError)
            ? FindRejected(answer, publish.Keys.Concat(subscribe.Keys))
            : buildError;
        if (error is not null)
        {
            if (created)
            {
                transport.CloseInternal();
                Server.ReleaseTransport();
            }

            foreach (Consumer consumer in consumers.Values.Where(c => !transport.Consumers.Contains(c)))
            {
                consumer.Close();
            }

            return NegotiationResult.Fail(error, ProducerInfos());
        }

        // Nothing can fail from here on.
        transport.SdpSessionVersion++;
        if (created)
        {
            _transports[participantId] = transport;
            Server.RegisterUfrag(local.Ufrag, transport);
        }
        else if (restart is not null)
        {
            Server.UnregisterUfrag(transport.Ice.LocalCredentials.Ufrag, transport);
            transport.Ice.Restart(restart, remote.Ufrag, remote.Password);
            Server.RegisterUfrag(restart.Ufrag, transport);
        }

        transport.IsHidden = hidden;
        closedProducers.AddRange(CommitProducers(transport, offer, answer, publish));
        CommitConsumers(transport, answer, consumers);
        return new NegotiationResult
        {
            AnswerSdp = answer.ToString(),
            Producers = ProducerInfos(),
            ClosedProducerIds = closedProducers,
        };
    }

    private List<string> CommitProducers(WebRtcTransport transport, SessionDescription offer, SessionDescription answer,
        IReadOnlyDictionary<string, TrackSource> publish)
    {
        var closed = new List<string>();
        var kept = new List<Producer>();
        var wanted = publish.ToDictionary(p => Producer.CreateId(transport.ParticipantId, p.Value), p => p.Key, StringComparer.Ordinal);
        foreach (Producer producer in transport.Producers)
        {
            MediaDescription offered = offer.FindMedia(producer.Mid)!;
            if (wanted.TryGetValue(producer.Id, out string? mid) && mid == producer.Mid && OfferedSsrcs(offered).Ssrc is var ssrc
                && (ssrc == 0 || ssrc == producer.Ssrc))
            {
                kept.Add(producer);
                wanted.Remove(producer.Id);
                continue;
            }

            CloseProducerLocked(producer);
            closed.Add(producer.Id);
        }

        foreach ((string producerId, string mid) in wanted)
        {
            MediaDescription offered = offer.FindMedia(mid)!;
            MediaDescription answered = answer.FindMedia(mid)!;
            (uint ssrc, uint? rtx) = OfferedSsrcs(offered);
            var producer = new Producer(transport.ParticipantId, publish[mid], KindOf(offered), mid, ssrc, rtx, transport,
                RtpCodecTable.FromSection(answered), Server.Options.NackHistorySize,
                answered.Simulcast is not null ? offered.GetSimulcastSendRids() : null);
            _producers[producerId] = producer;
            kept.Add(producer);
            _recording?.OnProducerOpened(producer);
        }

        foreach (string mid in publish.Keys)
        {
            if (answer.FindMedia(mid)?.GetExtmapId(RtpHeaderExtensionUri.Mid) is int id and > 0 and < 15)
            {
                transport.IncomingMidExtensionId = (byte)id;
            }

            if (answer.FindMedia(mid)?.GetExtmapId(RtpHeaderExtensionUri.RtpStreamId) is int rid and > 0 and < 15)
            {
                transport.IncomingRidExtensionId = (byte)rid;
            }

            if (answer.FindMedia(mid)?.GetExtmapId(RtpHeaderExtensionUri.RepairedRtpStreamId) is int repaired and > 0 and < 15)
            {
                transport.IncomingRepairedRidExtensionId = (byte)repaired;
            }

            if (answer.FindMedia(mid)?.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc) is int twcc and > 0 and < 15)
            {
                transport.EnableTransportFeedback((byte)twcc);
            }
        }

        transport.SetProducers(kept.ToArray());
        return closed;
    }

    private void CommitConsumers(WebRtcTransport transport, SessionDescription answer, Dictionary<string, Consumer> consumers)
    {
        foreach (Consumer old in transport.Consumers.Where(c => !consumers.ContainsValue(c)))
        {
            old.Close();
            old.Producer.RemoveConsumer(old);
        }

        var added = new List<Consumer>();
        foreach ((string mid, Consumer consumer) in consumers)
        {
            MediaDescription answered = answer.FindMedia(mid)!;
            RtpCodecTable codecs = RtpCodecTable.FromSection(answered);
            consumer.Codecs = codecs;
            consumer.PayloadTypeMap = codecs.MapFrom(consumer.Producer.Codecs);
            consumer.MidExtensionId = answered.GetExtmapId(RtpHeaderExtensionUri.Mid) is int id and > 0 and < 15 ? (byte)id : (byte)0;
            if (!transport.Consumers.Contains(consumer))
            {
                added.Add(consumer);
            }
        }

        transport.SetConsumers(consumers.Values.ToArray());
        transport.EnableSendSideEstimation(OutgoingTransportWideCcId(answer, consumers.Keys));
        foreach (Consumer consumer in added)
        {
            consumer.Producer.AddConsumer(consumer);
            if (transport.IsConnected)
            {
                // A new subscriber can only start at a keyframe: ask for one now rather than wait for the next.
                consumer.RequestKeyFrame();
            }
        }
    }

    /// <summary>
    /// The transport-wide-cc extension id the SFU may write in what it sends (draft-holmer-rmcat-transport-wide-cc-extensions-01
    /// §2), from the first consumer section whose answer has it for sending; 0 when none does. One id serves the whole
    /// transport: the sections of a BUNDLE group share one RTP session, where an id cannot name two extensions (RFC 8843),
    /// and the browsers give the URI one id in all their sections.
    /// </summary>
    private static byte OutgoingTransportWideCcId(SessionDescription answer, IEnumerable<string> consumerMids)
    {
        foreach (string mid in consumerMids)
        {
            SdpExtmap? extmap = answer.FindMedia(mid)?.Extmaps.FirstOrDefault(e => e.Uri == RtpHeaderExtensionUri.TransportWideCc);
            if (extmap is { Id: > 0 and < 15, Direction: null or "sendrecv" or "sendonly" })
            {
                return (byte)extmap.Id;
            }
        }

        return 0;
    }

    /// <summary>Keeps the consumers whose mid still subscribes to the same producer; plans new ones with fresh SSRCs.</summary>
    private Dictionary<string, Consumer> PlanConsumers(WebRtcTransport transport, SessionDescription offer,
        IReadOnlyDictionary<string, string> subscribe)
    {
        var result = new Dictionary<string, Consumer>(StringComparer.Ordinal);
        foreach ((string mid, string producerId) in subscribe)
        {
            Producer producer = _producers[producerId];
            Consumer? existing = transport.Consumers.FirstOrDefault(c => c.Mid == mid && c.Producer == producer && !c.IsClosed);
            if (existing is not null)
            {
                result[mid] = existing;
                continue;
            }

            MediaDescription offered = offer.FindMedia(mid)!;
            bool rtx = producer.Kind == MediaKind.Video
                && offered.GetPayloadFormats().Any(f => string.Equals(f.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase));
            result[mid] = new Consumer($"{transport.ParticipantId}:{mid}", producer, transport, mid,
                WebRtcTransport.RandomSsrc(), rtx ? WebRtcTransport.RandomSsrc() : null);
        }

        return result;
    }

    /// <summary>RFC 4588 §8.7 / RFC 5576 §4.2: the FID group pairs the media SSRC with its RTX SSRC; else the first a=ssrc.</summary>
    private static (uint Ssrc, uint? Rtx) OfferedSsrcs(MediaDescription offered)
    {
        SdpSsrcGroup? fid = offered.SsrcGroups.FirstOrDefault(g => g.Semantics == SdpSsrcGroup.FlowIdentification && g.Ssrcs.Count == 2);
        if (fid is not null)
        {
            return (fid.Ssrcs[0], fid.Ssrcs[1]);
        }

        return offered.Ssrcs.Count > 0 ? (offered.Ssrcs[0].Ssrc, null) : (0, null);
    }

    private static string? FindRejected(SessionDescription answer, IEnumerable<string> mids)
    {
        foreach (string mid in mids)
        {
            if (answer.FindMedia(mid) is not { Port: > 0 })
            {
                return $"mid {mid} offers no codec the SFU can forward (Opus, VP8, H.264) or lacks rtcp-mux";
            }
        }

        return null;
    }

    private static MediaKind KindOf(MediaDescription media) => media.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;

    private static string FingerprintHex(DtlsFingerprint fingerprint) => fingerprint.ToString()[(fingerprint.Algorithm.Length + 1)..];

    /// <summary>RFC 8830 §2: msid ids are 1–64 token chars (RFC 8866 §9); participant ids may hold others, such as ':'.</summary>
    private static string MsidToken(string value)
    {
        var chars = value.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        return chars.Length == 0 ? "-" : new string(chars);
    }
}
