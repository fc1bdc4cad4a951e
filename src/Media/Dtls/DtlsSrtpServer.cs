using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Live.Media.Dtls;

/// <summary>
/// The BouncyCastle server side of a WebRTC DTLS-SRTP handshake: DTLS 1.2 with ECDHE-ECDSA suites, a mandatory
/// client certificate checked against the fingerprint from the remote SDP (RFC 8122 §5, RFC 8827 §6.5), and
/// use_srtp negotiation (RFC 5764 §4.1). On completion it exports the SRTP keys (RFC 5764 §4.2).
/// </summary>
public sealed partial class DtlsSrtpServer : DefaultTlsServer
{
    // RFC 8827 §6.5 makes TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 mandatory; the rest match what browsers offer.
    private static readonly int[] s_cipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly int _handshakeTimeoutMillis;
    private volatile bool _peerSentCloseNotify;

    /// <param name="certificate">Our certificate; its fingerprint is the one in our SDP.</param>
    /// <param name="remoteFingerprint">The <c>a=fingerprint</c> from the peer's SDP.</param>
    /// <param name="handshakeTimeout">BouncyCastle's own limit for the whole handshake (zero: none).</param>
    public DtlsSrtpServer(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, TimeSpan handshakeTimeout = default)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentOutOfRangeException.ThrowIfLessThan(handshakeTimeout, TimeSpan.Zero);
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _handshakeTimeoutMillis = (int)Math.Min(handshakeTimeout.TotalMilliseconds, int.MaxValue);
    }

    /// <summary>The profile chosen from the client's use_srtp offer, once the ClientHello was processed.</summary>
    public DtlsSrtpProfile? SelectedProfile { get; private set; }

    /// <summary>The exported SRTP keys, set when the handshake completes.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The reason this server rejected the peer, when it did so itself (fingerprint, SRTP profile).</summary>
    public DtlsHandshakeFailure Failure { get; private set; }

    /// <summary>A readable explanation accompanying <see cref="Failure"/> or the last alert.</summary>
    public string? FailureDetail { get; private set; }

    /// <summary>The first fatal alert the peer sent, if any.</summary>
    public short? ReceivedFatalAlert { get; private set; }

    /// <summary>The first fatal alert we raised, if any.</summary>
    public short? RaisedFatalAlert { get; private set; }

    /// <summary>True once the peer sent close_notify (read from other threads, hence volatile).</summary>
    public bool PeerSentCloseNotify => _peerSentCloseNotify;

    /// <summary>True when the handshake negotiated the extended master secret (RFC 7627).</summary>
    public bool UsedExtendedMasterSecret { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => (int[])s_cipherSuites.Clone();

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    // RFC 6347 §4.1.2.7: invalid records (bad MAC, garbage) are silently discarded rather than failing the association.
    public override bool IgnoreCorruptDtlsRecords => true;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // RFC 5764 §4.1.1: without use_srtp there is no SRTP keying, so WebRTC media cannot flow: refuse.
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (useSrtp is null)
            throw Reject(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "The client did not offer the use_srtp extension.");

        var offered = useSrtp.ProtectionProfiles ?? [];
        if (!DtlsSrtpProfiles.TrySelect(offered, out var profile))
            throw Reject(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                $"No common SRTP profile; the client offered [{string.Join(", ", offered.Select(p => $"0x{p:X4}"))}].");

        SelectedProfile = profile;
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        // RFC 5764 §4.1.1: the server answers with exactly one profile and, as we use no MKI, an empty srtp_mki.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)SelectedProfile!.Value], []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        UsedExtendedMasterSecret = m_context.SecurityParameters.IsExtendedMasterSecret;

        var profile = SelectedProfile ?? throw new TlsFatalAlert(AlertDescription.internal_error, "No SRTP profile selected.");
        var material = m_context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpProfiles.KeyingMaterialLength(profile));
        if (!DtlsSrtpKeys.TryCreate(profile, material, isServer: true, out var keys))
            throw new TlsFatalAlert(AlertDescription.internal_error, "Unexpected keying material length.");
        Keys = keys;
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal && RaisedFatalAlert is null)
        {
            RaisedFatalAlert = alertDescription;
            FailureDetail ??= $"Sent fatal alert {AlertDescription.GetText(alertDescription)}" +
                (message is null ? "." : $": {message}") + (cause is null ? "" : $" ({cause.Message})");
        }
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
            _peerSentCloseNotify = true;
        else if (alertLevel == AlertLevel.fatal && ReceivedFatalAlert is null)
        {
            ReceivedFatalAlert = alertDescription;
            FailureDetail ??= $"The peer sent fatal alert {AlertDescription.GetText(alertDescription)}.";
        }
    }

    private TlsFatalAlert Reject(DtlsHandshakeFailure failure, short alertDescription, string detail)
    {
        if (Failure == DtlsHandshakeFailure.None)
        {
            Failure = failure;
            FailureDetail = detail;
        }

        return new TlsFatalAlert(alertDescription, detail);
    }
}
