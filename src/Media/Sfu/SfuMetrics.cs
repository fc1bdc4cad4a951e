using Prometheus;

namespace Live.Media.Sfu;

/// <summary>
/// Prometheus metrics of the SFU data plane. Labelled children are resolved once so that counting a packet on the
/// receive thread allocates nothing.
/// </summary>
public static partial class SfuMetrics
{
    private static readonly Gauge s_transports = Metrics.CreateGauge("live_sfu_transports", "Open WebRTC transports.");
    private static readonly Gauge s_producers = Metrics.CreateGauge("live_sfu_producers", "Open producers.");
    private static readonly Gauge s_consumers = Metrics.CreateGauge("live_sfu_consumers", "Open consumers.");

    private static readonly CounterConfiguration s_byTransport = new() { LabelNames = ["transport"] };
    private static readonly Counter s_packetsIn = Metrics.CreateCounter("live_sfu_rtp_packets_received_total", "RTP packets received from publishers and accepted, by the path ICE selected (udp, tcp).", s_byTransport);
    private static readonly Counter s_bytesIn = Metrics.CreateCounter("live_sfu_rtp_bytes_received_total", "Bytes of the RTP packets received (plain), by path.", s_byTransport);
    private static readonly Counter s_packetsOut = Metrics.CreateCounter("live_sfu_rtp_packets_sent_total", "RTP packets sent (or queued, on TCP) to subscribers, retransmissions included, by path.", s_byTransport);
    private static readonly Counter s_bytesOut = Metrics.CreateCounter("live_sfu_rtp_bytes_sent_total", "Bytes of the RTP packets sent (protected), by path.", s_byTransport);

    private static readonly Gauge s_transportPaths = Metrics.CreateGauge(
        "live_sfu_transport_paths", "Open transports by the path ICE selected: udp or tcp (RFC 6544). Transports not yet nominated are not counted.",
        new GaugeConfiguration { LabelNames = ["transport"] });

    private static readonly Counter.Child[] s_packetsInBy = ByPath(s_packetsIn);
    private static readonly Counter.Child[] s_bytesInBy = ByPath(s_bytesIn);
    private static readonly Counter.Child[] s_packetsOutBy = ByPath(s_packetsOut);
    private static readonly Counter.Child[] s_bytesOutBy = ByPath(s_bytesOut);
    private static readonly Gauge.Child[] s_pathsBy = [s_transportPaths.WithLabels("udp"), s_transportPaths.WithLabels("tcp")];

    private static readonly Counter s_dropped = Metrics.CreateCounter(
        "live_sfu_dropped_packets_total", "Datagrams or packets the SFU discarded, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Counter s_nacksReceived = Metrics.CreateCounter("live_sfu_nack_packets_requested_total", "Sequence numbers subscribers asked for in NACKs.");
    private static readonly Counter s_nacksAnswered = Metrics.CreateCounter("live_sfu_nack_packets_retransmitted_total", "NACKed packets retransmitted from history.");
    private static readonly Counter s_nacksHeldOff = Metrics.CreateCounter("live_sfu_nack_packets_held_off_total", "NACKed packets not resent because they were resent to that subscriber less than the hold-off ago.");
    private static readonly Counter s_nacksTooOld = Metrics.CreateCounter("live_sfu_nack_packets_too_old_total", "NACKed packets not resent because the SFU received them longer ago than the age limit.");
    private static readonly Counter s_nacksSent = Metrics.CreateCounter("live_sfu_nacks_sent_total", "NACKs the SFU sent to publishers for gaps it saw.");
    private static readonly Counter s_feedbackSent = Metrics.CreateCounter("live_sfu_transport_feedback_sent_total", "Transport-wide congestion control feedback packets sent to publishers.");
    private static readonly Counter s_plisSent = Metrics.CreateCounter("live_sfu_plis_sent_total", "PLIs sent to publishers.");
    private static readonly Counter s_keyFrameNeeds = Metrics.CreateCounter(
        "live_sfu_keyframe_requests_not_sent_total", "Keyframe needs that sent nothing to the publisher: coalesced (another request serves them) or absorbed (a hidden subscriber waits for the cadence).",
        new CounterConfiguration { LabelNames = ["outcome"] });
    private static readonly Counter.Child s_keyFrameCoalesced = s_keyFrameNeeds.WithLabels("coalesced");
    private static readonly Counter.Child s_keyFrameAbsorbed = s_keyFrameNeeds.WithLabels("absorbed");

    private static readonly Counter s_layerSwitches = Metrics.CreateCounter(
        "live_sfu_simulcast_layer_switches_total", "Simulcast layer switches of consumers (at a keyframe of the new layer), by direction: up or down.",
        new CounterConfiguration { LabelNames = ["direction"] });
    private static readonly Counter.Child s_layerSwitchesUp = s_layerSwitches.WithLabels("up");
    private static readonly Counter.Child s_layerSwitchesDown = s_layerSwitches.WithLabels("down");

    private static readonly Counter s_expired = Metrics.CreateCounter(
        "live_sfu_transports_expired_total", "Transports the SFU closed by itself: ICE consent expired (RFC 7675) or DTLS failed.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Counter s_iceChecks = Metrics.CreateCounter(
        "live_sfu_ice_checks_total", "Authenticated ICE connectivity and consent checks (STUN Binding requests) answered with a success.");

    private static readonly Counter s_stunKeepalives = Metrics.CreateCounter(
        "live_sfu_stun_keepalives_total", "STUN Binding indications (RFC 8445 §11 keepalives) naming a transport: received, needing no answer, not drops.");

    private static readonly Counter s_handlerFaults = Metrics.CreateCounter(
        "live_sfu_packet_handler_faults_total", "Packets whose handler threw (a bug): dropped, the receive thread or TCP reader carried on; by exception type.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Counter.Child s_consentExpired = s_expired.WithLabels("consent-expired");
    private static readonly Counter.Child s_dtlsFailed = s_expired.WithLabels("dtls-failed");

    private static readonly Counter s_pipePackets = Metrics.CreateCounter(
        "live_sfu_pipe_packets_total", "RTP packets sent into (out) or accepted from (in) pipes between silos' SFUs.",
        new CounterConfiguration { LabelNames = ["direction"] });

    private static readonly Counter s_pipeBytes = Metrics.CreateCounter(
        "live_sfu_pipe_bytes_total", "Bytes (SRTP-protected) of the RTP packets sent into (out) or accepted from (in) pipes.",
        new CounterConfiguration { LabelNames = ["direction"] });

    private static readonly Gauge s_pipes = Metrics.CreateGauge(
        "live_sfu_pipes", "Open pipe ends: origin (sends a producer to an edge silo) or edge (feeds a pipe producer).",
        new GaugeConfiguration { LabelNames = ["side"] });

    private static readonly Counter.Child s_pipePacketsOut = s_pipePackets.WithLabels("out");
    private static readonly Counter.Child s_pipePacketsIn = s_pipePackets.WithLabels("in");
    private static readonly Counter.Child s_pipeBytesOut = s_pipeBytes.WithLabels("out");
    private static readonly Counter.Child s_pipeBytesIn = s_pipeBytes.WithLabels("in");

    private static readonly Counter.Child[] s_droppedByReason =
        Enum.GetValues<SfuDropReason>().Select(r => s_dropped.WithLabels(ToLabel(r))).ToArray();

    /// <summary>Total NACKed packets retransmitted since the process started (tests read it).</summary>
    public static double NackPacketsRetransmitted => s_nacksAnswered.Value;

    /// <summary>Total NACKed packets not resent because of the hold-off (tests read it).</summary>
    public static double NackPacketsHeldOff => s_nacksHeldOff.Value;

    /// <summary>Total NACKed packets not resent because they were too old (tests read it).</summary>
    public static double NackPacketsTooOld => s_nacksTooOld.Value;

    /// <summary>Total RTP packets accepted from publishers since the process started, all paths (tests read it).</summary>
    public static double RtpPacketsReceived => s_packetsInBy.Sum(c => c.Value);

    /// <summary>RTP packets accepted from publishers on one path since the process started (tests read it).</summary>
    public static double GetRtpPacketsReceived(bool tcp) => s_packetsInBy[tcp ? 1 : 0].Value;

    /// <summary>RTP packets sent to subscribers on one path since the process started (tests read it).</summary>
    public static double GetRtpPacketsSent(bool tcp) => s_packetsOutBy[tcp ? 1 : 0].Value;

    /// <summary>Total PLIs sent since the process started.</summary>
    public static double PlisSent => s_plisSent.Value;

    /// <summary>Keyframe needs served by another request since the process started (tests read it).</summary>
    public static double KeyFrameRequestsCoalesced => s_keyFrameCoalesced.Value;

    /// <summary>Simulcast layer switches of all consumers since the process started (tests read it).</summary>
    public static double SimulcastLayerSwitches => s_layerSwitchesUp.Value + s_layerSwitchesDown.Value;

    /// <summary>The metric label of a drop reason: kebab case, e.g. <c>srtp-auth</c>.</summary>
    public static string ToLabel(SfuDropReason reason) => reason switch
    {
        SfuDropReason.Junk => "junk",
        SfuDropReason.StunUnknownUser => "stun-unknown-user",
        SfuDropReason.StunRejected => "stun-rejected",
        SfuDropReason.UnknownAddress => "unknown-address",
        SfuDropReason.NotConnected => "not-connected",
        SfuDropReason.SrtpAuth => "srtp-auth",
        SfuDropReason.SrtpReplay => "srtp-replay",
        SfuDropReason.SrtpOther => "srtp-other",
        SfuDropReason.RtpMalformed => "rtp-malformed",
        SfuDropReason.RtcpMalformed => "rtcp-malformed",
        SfuDropReason.NoProducer => "no-producer",
        SfuDropReason.DtlsQueue => "dtls-queue",
        SfuDropReason.TestHook => "test-hook",
        SfuDropReason.PipeUnknownStream => "pipe-unknown-stream",
        SfuDropReason.PipeForged => "pipe-forged",
        SfuDropReason.PipeRejected => "pipe-rejected",
        SfuDropReason.TcpConnectionLimit => "tcp-connection-limit",
        SfuDropReason.TcpFrameTooLong => "tcp-frame-too-long",
        SfuDropReason.TcpUnauthenticated => "tcp-unauthenticated",
        SfuDropReason.TcpSendQueueFull => "tcp-send-queue-full",
        SfuDropReason.UdpBlocked => "udp-blocked",
        SfuDropReason.SimulcastLayerNotForwarded => "simulcast-layer-not-forwarded",
        SfuDropReason.SimulcastUnknownRid => "simulcast-unknown-rid",
        SfuDropReason.StunErrorRateLimited => "stun-error-rate-limited",
        SfuDropReason.StunIgnored => "stun-ignored",
        SfuDropReason.LaneQueueFull => "lane-queue-full",
        _ => "other",
    };

    /// <summary>
    /// Publishes every SFU series at zero (see <see cref="Live.Media.MediaMetrics"/>): reading a field runs the class's
    /// field initialisers, which resolve the labelled children; pipes' sides are resolved here. Faults, labelled by an
    /// exception type no one can list ahead, appear with the first one.
    /// </summary>
    internal static void Publish()
    {
        s_transports.Publish();
        s_pipes.WithLabels("origin").Publish();
        s_pipes.WithLabels("edge").Publish();
    }

    internal static void TransportOpened() => s_transports.Inc();

    internal static void TransportClosed() => s_transports.Dec();

    internal static void IceCheckAnswered() => s_iceChecks.Inc();

    internal static void StunKeepalive() => s_stunKeepalives.Inc();

    // Faults are rare (a bug), so the child is looked up per fault rather than resolved ahead for every type.
    internal static void HandlerFaulted(string exceptionType) => s_handlerFaults.WithLabels(exceptionType).Inc();

    /// <summary>Packet handler faults of one exception type since the process started (tests read it).</summary>
    public static double GetHandlerFaults(string exceptionType) => s_handlerFaults.WithLabels(exceptionType).Value;

    internal static void TransportExpired(bool dtlsFailed) => (dtlsFailed ? s_dtlsFailed : s_consentExpired).Inc();

    internal static void ProducerOpened() => s_producers.Inc();

    internal static void ProducerClosed() => s_producers.Dec();

    internal static void ConsumerOpened() => s_consumers.Inc();

    internal static void ConsumerClosed() => s_consumers.Dec();

    internal static void Received(int bytes, bool tcp)
    {
        int path = tcp ? 1 : 0;
        s_packetsInBy[path].Inc();
        s_bytesInBy[path].Inc(bytes);
    }

    internal static void Sent(int bytes, bool tcp)
    {
        int path = tcp ? 1 : 0;
        s_packetsOutBy[path].Inc();
        s_bytesOutBy[path].Inc(bytes);
    }

    /// <summary>A transport's selected path changed: from none or <paramref name="fromTcp"/>'s to none or <paramref name="toTcp"/>'s.</summary>
    internal static void PathChanged(bool? fromTcp, bool? toTcp)
    {
        if (fromTcp is bool from)
        {
            s_pathsBy[from ? 1 : 0].Dec();
        }

        if (toTcp is bool to)
        {
            s_pathsBy[to ? 1 : 0].Inc();
        }
    }

    // Index 0 is udp, 1 is tcp. A TURN relay is not told apart: its allocation's address looks like any UDP peer.
    private static Counter.Child[] ByPath(Counter counter) => [counter.WithLabels("udp"), counter.WithLabels("tcp")];

    internal static void Dropped(SfuDropReason reason) => s_droppedByReason[(int)reason].Inc();

    internal static void NackRequested(int packets) => s_nacksReceived.Inc(packets);

    internal static void NackAnswered() => s_nacksAnswered.Inc();

    internal static void NackHeldOff() => s_nacksHeldOff.Inc();

    internal static void NackTooOld() => s_nacksTooOld.Inc();

    internal static void NackSent() => s_nacksSent.Inc();

    internal static void PliSent() => s_plisSent.Inc();

    internal static void KeyFrameRequestCoalesced() => s_keyFrameCoalesced.Inc();

    internal static void KeyFrameRequestAbsorbed() => s_keyFrameAbsorbed.Inc();

    internal static void TransportFeedbackSent() => s_feedbackSent.Inc();

    internal static void SimulcastLayerSwitched(bool up) => (up ? s_layerSwitchesUp : s_layerSwitchesDown).Inc();

    internal static void PipeSent(int bytes)
    {
        s_pipePacketsOut.Inc();
        s_pipeBytesOut.Inc(bytes);
    }

    internal static void PipeReceived(int bytes)
    {
        s_pipePacketsIn.Inc();
        s_pipeBytesIn.Inc(bytes);
    }

    internal static void PipeOpened(bool origin) => s_pipes.WithLabels(origin ? "origin" : "edge").Inc();

    internal static void PipeClosed(bool origin) => s_pipes.WithLabels(origin ? "origin" : "edge").Dec();
}
