using System.Net;

namespace Live.Silo.Media;

/// <summary>The silo's SFU: its one UDP port and the address browsers are told to send media to (section <c>Live:Media</c>).</summary>
public sealed class MediaOptions
{
    public const string Section = "Live:Media";

    /// <summary>The one UDP port of this silo's SFU (0 picks a free one). 40000 is a customary WebRTC media port.</summary>
    public int UdpPort { get; set; } = Live.Media.Sfu.SfuOptions.DefaultPort;

    /// <summary>
    /// The TCP port of the ICE-TCP passive candidate (RFC 6544), for browsers that cannot reach the UDP port; unset takes
    /// the UDP port's number (TCP and UDP ports are separate spaces), 0 picks a free one.
    /// </summary>
    public int? TcpPort { get; set; }

    /// <summary>Listen on TCP and offer the passive TCP candidate after the UDP one.</summary>
    public bool TcpEnabled { get; set; } = true;

    /// <summary>
    /// Offer the UDP candidate to browsers. False makes every browser use TCP (a network that blocks UDP; the ICE-TCP
    /// browser test); the UDP port stays bound for the pipes between silos.
    /// </summary>
    public bool UdpEnabled { get; set; } = true;

    /// <summary>Where the SFU listens: loopback on the embedded default, 0.0.0.0 in a pod.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The address put in the SDP candidate when it differs from the bind address (Kubernetes node IP, NAT).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Most DTLS handshakes worked on at once (each holds a thread while it waits for the browser's next flight); more
    /// wait for a free worker within their own 10 s timeout. Default: 8 per core, 8–128.
    /// </summary>
    public int MaxConcurrentHandshakes { get; set; } = Live.Media.Dtls.DtlsHandshakePool.DefaultMaxConcurrent;

    /// <summary>
    /// Recorded tracks whose file writers may hold a thread at once while the disk is slow; more wait behind their
    /// bounded queues (drops counted, hosts told). Default: the core count, at least 2.
    /// </summary>
    public int MaxRecordingWriters { get; set; } = Live.Media.Sfu.RecordingWriters.DefaultMaxConcurrent;

    /// <summary>
    /// Threads receiving on the UDP port, each with its own SO_REUSEPORT socket on Linux (Live:Media:ReceiveWorkers).
    /// Default: one per core; 1 keeps the single receive thread.
    /// </summary>
    public int ReceiveWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>Test hook: the share of forwarded video packets the SFU drops on purpose, to prove NACK recovery. 0 in production.</summary>
    public double DropForwardedVideoPercent { get; set; }

    /// <summary>
    /// Root folder of recordings; relative paths resolve against the silo's working directory at startup. Each recording
    /// writes <c>{RecordingsDirectory}/{sessionId}/{recordingId}/</c>: one <c>{participantId}-{source}.webm</c> per track
    /// (VP8 or Opus), <c>tracks.json</c> (the tracks and their state) and <c>timeline.json</c>. Use a persistent volume in a pod.
    /// </summary>
    public string RecordingsDirectory { get; set; } = DefaultRecordingsDirectory;

    /// <summary>
    /// The user's data folder (<c>~/.local/share/live/recordings</c> on Linux), never the working directory: a first run
    /// from a clone used to write recordings into the source tree. Pods set a volume instead (k8s/).
    /// </summary>
    public static string DefaultRecordingsDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data
            ? data
            : Path.GetTempPath(),
        "live", "recordings");

    /// <summary>Says what is wrong, or null.</summary>
    public string? Problem()
    {
        if (UdpPort is < 0 or > 65535) return "Live:Media:UdpPort must be a UDP port (0-65535).";
        if (TcpPort is < 0 or > 65535) return "Live:Media:TcpPort must be a TCP port (0-65535).";
        if (!UdpEnabled && !TcpEnabled) return "Live:Media:UdpEnabled and Live:Media:TcpEnabled cannot both be false.";
        if (!IPAddress.TryParse(BindAddress, out _)) return $"Live:Media:BindAddress '{BindAddress}' is not an IP address.";
        if (AdvertisedAddress is { Length: > 0 } a && !IPAddress.TryParse(a, out _)) return $"Live:Media:AdvertisedAddress '{a}' is not an IP address.";
        if (MaxConcurrentHandshakes < 1) return "Live:Media:MaxConcurrentHandshakes must be 1 or more.";
        if (MaxRecordingWriters < 1) return "Live:Media:MaxRecordingWriters must be 1 or more.";
        if (ReceiveWorkers is < 1 or > Live.Media.Sfu.SfuOptions.MaxReceiveWorkers)
            return $"Live:Media:ReceiveWorkers must be between 1 and {Live.Media.Sfu.SfuOptions.MaxReceiveWorkers}.";
        if (DropForwardedVideoPercent is < 0 or > 100) return "Live:Media:DropForwardedVideoPercent must be between 0 and 100.";
        if (string.IsNullOrWhiteSpace(RecordingsDirectory)) return "Live:Media:RecordingsDirectory must name a folder.";
        return null;
    }

    public Live.Media.Sfu.SfuOptions ToSfuOptions() => new()
    {
        Port = UdpPort,
        TcpPort = TcpPort,
        TcpEnabled = TcpEnabled,
        UdpEnabled = UdpEnabled,
        BindAddress = IPAddress.Parse(BindAddress),
        AdvertisedAddress = AdvertisedAddress is { Length: > 0 } a ? IPAddress.Parse(a) : null,
        DropForwardedVideoPercent = DropForwardedVideoPercent,
        MaxConcurrentHandshakes = MaxConcurrentHandshakes,
        MaxRecordingWriters = MaxRecordingWriters,
        ReceiveWorkers = ReceiveWorkers,
        RecordingsDirectory = Path.GetFullPath(RecordingsDirectory),
    };
}
