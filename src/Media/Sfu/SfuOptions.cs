using System.Net;
using Live.Media.Dtls;
using Live.Media.Net.Tcp;

namespace Live.Media.Sfu;

/// <summary>
/// The knobs of one silo's SFU: the single UDP port and the address browsers are told to use, consent and report
/// timing, NACK history depth, and limits. Defaults are named constants with their source.
/// </summary>
public sealed record SfuOptions
{
    /// <summary>The default UDP port; one port per silo carries every transport (RFC 8843 BUNDLE plus RFC 7983 demux).</summary>
    public const int DefaultPort = 40000;

    /// <summary>RFC 7675 §5.1: consent expires after 30 s without a successful check.</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often expired consent is looked for; well under the timeout so a dead peer is freed within seconds of it.</summary>
    public static readonly TimeSpan DefaultMaintenanceInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// RFC 3550 §6.2 lets the interval shrink with the session bandwidth (360 / kbit/s seconds); at the ~500 kbit/s a
    /// camera sends that is under a second, so 1 s stays within the RTCP budget and keeps A/V sync current.
    /// </summary>
    public static readonly TimeSpan DefaultReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Transport-wide feedback to a publisher every 50 ms while its packets arrive: libwebrtc's own receiver sends every
    /// 50–250 ms (more often at higher rates), and a short interval lets Chromium's send-side estimate climb quickly.
    /// </summary>
    public static readonly TimeSpan DefaultTransportFeedbackInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>At most one PLI per producer per 500 ms: a keyframe takes about a round trip plus an encode to arrive.</summary>
    public static readonly TimeSpan DefaultKeyFrameRequestInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A keyframe at least every 2 s from every video producer, asked for whether or not anyone subscribes: hidden
    /// observers start (and recover) on it instead of asking, so the publisher's keyframe requests do not depend on them.
    /// 2 s bounds an observer's wait for a first frame; a 720p VP8 keyframe every 60 frames costs a few percent of rate.
    /// </summary>
    public static readonly TimeSpan DefaultKeyFrameCadence = TimeSpan.FromSeconds(2);

    /// <summary>
    /// 1024 video packets: about 2 s of 720p VP8 at ~500 packets/s, longer than the ~1 s after which Chromium stops
    /// asking for a packet, so every NACK the subscriber still cares about can be answered.
    /// </summary>
    public const int DefaultNackHistorySize = 1024;

    /// <summary>
    /// A packet is resent to one subscriber at most once per 100 ms: about a round trip on the networks WebRTC serves,
    /// so a NACK repeated before the retransmission could have arrived (werift repeats every 5 ms) is not answered again.
    /// </summary>
    public static readonly TimeSpan DefaultRetransmitHoldOff = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Packets received more than 1 s ago are not resent: a receiver's jitter buffer has given up on them by then, and a
    /// receiver that asks that late is overloaded, so resending would only add to its load (and the SFU's).
    /// </summary>
    public static readonly TimeSpan DefaultMaxRetransmitAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a consumer switched down a simulcast layer (its budget fell), how long before it may switch up again:
    /// each switch costs a keyframe, and a budget hovering at a layer's rate would otherwise flip it every estimate.
    /// </summary>
    public static readonly TimeSpan DefaultSimulcastUpSwitchHoldOff = TimeSpan.FromSeconds(3);

    /// <summary>
    /// 4 MiB of socket buffer: one socket carries every participant, so a burst (keyframes, a scheduling pause of the
    /// receive thread, a wave of RTCP) must not overflow the kernel's default ~200 KiB and take ICE consent checks with
    /// it. Linux caps the request at net.core.rmem_max / wmem_max.
    /// </summary>
    public const int DefaultSocketBufferBytes = 4 * 1024 * 1024;

    /// <summary>A bound on state one silo keeps; each transport costs two SRTP contexts, buffers and a DTLS thread while handshaking.</summary>
    public const int DefaultMaxTransports = 2000;

    /// <summary>The default root of recording files, under the process's working directory.</summary>
    public const string DefaultRecordingsDirectory = "recordings";

    /// <summary>A bound on <see cref="ReceiveWorkers"/>: a loop per core of the largest machines, not a thread per typo.</summary>
    public const int MaxReceiveWorkers = 256;

    /// <summary>The default of <see cref="RecordingQueuePackets"/>.</summary>
    public const int DefaultRecordingQueuePackets = 1024;

    /// <summary>The UDP port; 0 picks an ephemeral port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// The TCP port of the ICE-TCP passive candidate (RFC 6544); null takes the UDP port's number (an ephemeral port
    /// when <see cref="Port"/> is 0), 0 picks an ephemeral port.
    /// </summary>
    public int? TcpPort { get; init; }

    /// <summary>Listen on TCP and offer the passive TCP candidate after the UDP one (for browsers whose UDP is blocked).</summary>
    public bool TcpEnabled { get; init; } = true;

    /// <summary>
    /// Offer the UDP host candidate in answers. False leaves browsers only the TCP candidate (an operator whose
    /// clients cannot reach the UDP port, and the ICE-TCP browser test); the UDP socket stays bound for pipes between silos.
    /// </summary>
    public bool UdpEnabled { get; init; } = true;

    /// <summary>Limits of the TCP media port: connections, frame length, send queue, time to authenticate.</summary>
    public TcpMediaListenerOptions Tcp { get; init; } = new();

    /// <summary>
    /// The address the socket binds to. Loopback by default (development, tests with Chromium's
    /// --allow-loopback-in-peer-connection); use 0.0.0.0 with <see cref="AdvertisedAddress"/> in a cluster.
    /// </summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The address put in the SDP host candidate (Kubernetes node or NAT 1:1 address); the bind address when null.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>Transports whose ICE consent is older than this are closed.</summary>
    public TimeSpan ConsentTimeout { get; init; } = DefaultConsentTimeout;

    /// <summary>Period of the consent sweep and of the RTCP report timer's tick.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = DefaultMaintenanceInterval;

    /// <summary>Period of the SFU's own receiver reports (to publishers) and sender reports (to subscribers).</summary>
    public TimeSpan ReportInterval { get; init; } = DefaultReportInterval;

    /// <summary>Period of transport-wide congestion control feedback to each publisher (sent while its packets arrive).</summary>
    public TimeSpan TransportFeedbackInterval { get; init; } = DefaultTransportFeedbackInterval;

    /// <summary>Minimum time between two PLIs sent to one producer.</summary>
    public TimeSpan KeyFrameRequestInterval { get; init; } = DefaultKeyFrameRequestInterval;

    /// <summary>Longest time a video producer goes without a keyframe before the SFU asks by itself; zero turns it off.</summary>
    public TimeSpan KeyFrameCadence { get; init; } = DefaultKeyFrameCadence;

    /// <summary>Packets kept per video producer to answer NACKs; a power of two.</summary>
    public int NackHistorySize { get; init; } = DefaultNackHistorySize;

    /// <summary>Minimum time between two retransmissions of the same packet to the same consumer; zero answers every NACK.</summary>
    public TimeSpan RetransmitHoldOff { get; init; } = DefaultRetransmitHoldOff;

    /// <summary>How old (since the SFU received it) a packet may be and still be resent on a NACK.</summary>
    public TimeSpan MaxRetransmitAge { get; init; } = DefaultMaxRetransmitAge;

    /// <summary>Least time from a consumer's simulcast switch down to its next switch up; zero allows it at once.</summary>
    public TimeSpan SimulcastUpSwitchHoldOff { get; init; } = DefaultSimulcastUpSwitchHoldOff;

    /// <summary>SO_RCVBUF and SO_SNDBUF of each UDP socket (one per receive loop on Linux); 0 keeps the system default.</summary>
    public int SocketBufferBytes { get; init; } = DefaultSocketBufferBytes;

    /// <summary>
    /// Threads receiving on the UDP port (receive loops); on Linux each has its own SO_REUSEPORT socket, so the
    /// kernel spreads browsers over them. Default: one per core (<see cref="Environment.ProcessorCount"/>), so a media
    /// node uses every core; 1 is the single receive thread of before. See docs/design.md "Receive loops".
    /// </summary>
    public int ReceiveWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>Most transports (participants with a connection) this server accepts.</summary>
    public int MaxTransports { get; init; } = DefaultMaxTransports;

    /// <summary>DTLS handshake timing for each transport.</summary>
    public DtlsSessionOptions Dtls { get; init; } = new();

    /// <summary>
    /// Most DTLS handshakes worked on at once, which bounds the threads they take (BouncyCastle blocks while it waits
    /// for the browser); more wait for a free worker within their own timeout.
    /// </summary>
    public int MaxConcurrentHandshakes { get; init; } = DtlsHandshakePool.DefaultMaxConcurrent;

    /// <summary>
    /// Recorded tracks whose writers may use a thread at once (each blocks while the disk is slow); more wait their
    /// turn behind their bounded queues rather than pin more of the thread pool.
    /// </summary>
    public int MaxRecordingWriters { get; init; } = RecordingWriters.DefaultMaxConcurrent;

    /// <summary>
    /// The root folder of recordings (relative paths resolve against the working directory); each recording writes
    /// <c>{root}/{sessionId}/{recordingId}/</c>.
    /// </summary>
    public string RecordingsDirectory { get; init; } = DefaultRecordingsDirectory;

    /// <summary>
    /// RTP packets each recorded track may hold between the packet path and its file writer; when the disk falls this
    /// far behind, packets are dropped and counted (never waited for). 1024 is several seconds of video, tens of audio.
    /// </summary>
    public int RecordingQueuePackets { get; init; } = DefaultRecordingQueuePackets;

    /// <summary>Test hook: opens each recording file (null: a <see cref="FileStream"/>). Lets a test stall the disk.</summary>
    public Func<string, Stream>? OpenRecordingFile { get; init; }

    /// <summary>
    /// Test hook: this percentage (0–100) of forwarded video packets (to subscribers and into pipes to other silos) is
    /// dropped before protection, as if lost on the way, so NACK recovery can be shown. Retransmissions are never dropped. 0 in production.
    /// </summary>
    public double DropForwardedVideoPercent { get; init; }

    /// <summary>The candidate address: <see cref="AdvertisedAddress"/>, else the bind address (loopback when bound to any).</summary>
    public IPAddress GetCandidateAddress()
    {
        if (AdvertisedAddress is not null)
        {
            return AdvertisedAddress;
        }

        if (BindAddress.Equals(IPAddress.Any))
        {
            return IPAddress.Loopback;
        }

        return BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : BindAddress;
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaintenanceInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReportInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TransportFeedbackInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransports, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentHandshakes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordingWriters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveWorkers, MaxReceiveWorkers);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetransmitHoldOff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(SocketBufferBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxRetransmitAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(SimulcastUpSwitchHoldOff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(NackHistorySize, 16);
        if (!int.IsPow2(NackHistorySize))
        {
            throw new ArgumentException("NackHistorySize must be a power of two.", nameof(NackHistorySize));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DropForwardedVideoPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DropForwardedVideoPercent, 100);
        ArgumentException.ThrowIfNullOrWhiteSpace(RecordingsDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(RecordingQueuePackets, 1);
        if (TcpPort is int tcpPort)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(tcpPort, nameof(TcpPort));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(tcpPort, IPEndPoint.MaxPort, nameof(TcpPort));
        }

        if (!UdpEnabled && !TcpEnabled)
        {
            throw new ArgumentException("At least one of UdpEnabled and TcpEnabled must be true: browsers need a candidate.");
        }

        Tcp.Validate();
    }
}
