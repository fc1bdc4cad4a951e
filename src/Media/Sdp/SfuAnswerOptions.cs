namespace Live.Media.Sdp;

/// <summary>
/// What the SFU puts in its answers: its ICE-lite credentials, DTLS certificate fingerprint, single host candidate,
/// the per-mid plan, and the header extensions it supports.
/// </summary>
public sealed record SfuAnswerOptions
{
    /// <summary>The header extensions accepted when offered.</summary>
    public static IReadOnlyList<string> DefaultHeaderExtensions { get; } =
    [
        RtpHeaderExtensionUri.Mid,
        RtpHeaderExtensionUri.AbsSendTime,
        RtpHeaderExtensionUri.TransportWideCc,
        RtpHeaderExtensionUri.RtpStreamId,
        RtpHeaderExtensionUri.RepairedRtpStreamId,
    ];

    /// <summary>The RTCP feedback types accepted when offered.</summary>
    public static IReadOnlyList<string> DefaultRtcpFeedback { get; } = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"];

    /// <summary>The SFU's ice-ufrag (RFC 8839 §5.4: 4–256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>The SFU's ice-pwd (RFC 8839 §5.4: 22–256 ice-chars).</summary>
    public required string IcePassword { get; init; }

    /// <summary>SHA-256 fingerprint of the SFU's DTLS certificate, as colon-separated upper-case hex.</summary>
    public required string FingerprintSha256 { get; init; }

    /// <summary>The address of the single host candidate (IPv4 or IPv6 literal).</summary>
    public required string CandidateAddress { get; init; }

    /// <summary>The UDP port of the host candidate (also the m= line's port while the UDP candidate is offered).</summary>
    public required int CandidatePort { get; init; }

    /// <summary>Offer the UDP host candidate; false leaves only the TCP one (needs <see cref="TcpCandidatePort"/>).</summary>
    public bool IncludeUdpCandidate { get; init; } = true;

    /// <summary>The port of the RFC 6544 passive TCP host candidate (same address), or null to offer none.</summary>
    public int? TcpCandidatePort { get; init; }

    /// <summary>The o= session id.</summary>
    public ulong SessionId { get; init; } = 1;

    /// <summary>The o= session version; bump it on each new answer in a session (RFC 8866 §5.2).</summary>
    public ulong SessionVersion { get; init; } = 1;

    /// <summary>The CNAME on the SFU's own a=ssrc lines.</summary>
    public string Cname { get; init; } = "live-sfu";

    /// <summary>The SFU's plan per mid; sections without an entry use <see cref="DefaultPlan"/>.</summary>
    public IReadOnlyDictionary<string, SfuMediaPlan> Plans { get; init; } = new Dictionary<string, SfuMediaPlan>();

    /// <summary>The plan for mids not in <see cref="Plans"/>.</summary>
    public SfuMediaPlan DefaultPlan { get; init; } = SfuMediaPlan.Receive;

    /// <summary>Header extension URIs accepted when offered.</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = DefaultHeaderExtensions;

    /// <summary>RTCP feedback ("type" or "type parameter") accepted when offered.</summary>
    public IReadOnlyList<string> RtcpFeedback { get; init; } = DefaultRtcpFeedback;

    /// <summary>Accept H.264 when offered (besides VP8).</summary>
    public bool EnableH264 { get; init; } = true;
}
