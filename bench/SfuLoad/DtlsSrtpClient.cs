using Live.Media.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Live.SfuLoad;

/// <summary>
/// The client side of a WebRTC DTLS-SRTP handshake (RFC 5763, RFC 5764) on BouncyCastle: DTLS 1.2, the server's
/// certificate pinned to the SDP fingerprint, our certificate sent on request, and use_srtp offering only
/// SRTP_AES128_CM_HMAC_SHA1_80, so both servers protect every packet with the same cipher.
/// </summary>
public sealed class DtlsSrtpClient(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint)
    : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
{
    // RFC 8827 §6.5: ECDHE-ECDSA with AES-128-GCM is mandatory; the RSA suites let a server with an RSA key answer too.
    private static readonly int[] s_cipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ];

    /// <summary>SRTP keys exported when the handshake completes (RFC 5764 §4.2), seen from the client.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    // BouncyCastle's default is no limit: a handshake whose flights all got lost would hold its slot for ever.
    public override int GetHandshakeTimeoutMillis() => 30_000;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => (int[])s_cipherSuites.Clone();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)DtlsSrtpProfile.Aes128CmHmacSha1_80], []));
        return extensions;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private UseSrtpData? _serverUseSrtp;

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _serverUseSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var useSrtp = _serverUseSrtp
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The server did not answer use_srtp.");
        var profile = (DtlsSrtpProfile)useSrtp.ProtectionProfiles[0];
        var material = m_context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpProfiles.KeyingMaterialLength(profile));
        if (!DtlsSrtpKeys.TryCreate(profile, material, isServer: false, out var keys))
            throw new TlsFatalAlert(AlertDescription.internal_error, "Unexpected keying material.");
        Keys = keys;
    }

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            // RFC 8122 §5: the fingerprint covers the DER of the end-entity certificate.
            var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (!client._remoteFingerprint.Matches(der))
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "server certificate does not match the SDP fingerprint");
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var crypto = (BcTlsCrypto)client.Crypto;
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.m_context), crypto,
                client._certificate.PrivateKey, client._certificate.ToTlsCertificate(crypto),
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }

    private readonly DtlsCertificate _certificate = certificate;
    private readonly DtlsFingerprint _remoteFingerprint = remoteFingerprint;
}
