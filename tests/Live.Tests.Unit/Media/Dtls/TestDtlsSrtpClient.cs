using Live.Media.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>
/// A browser stand-in for handshake tests: a BouncyCastle DTLS 1.2 client with its own ECDSA certificate that
/// offers use_srtp profiles and exports the SRTP keys itself, so tests can compare both ends.
/// </summary>
internal sealed class TestDtlsSrtpClient : DefaultTlsClient
{
    // Chromium's offer order: SRTP_AEAD_AES_256_GCM, SRTP_AEAD_AES_128_GCM, SRTP_AES128_CM_SHA1_80, SRTP_AES128_CM_SHA1_32.
    public static readonly int[] ChromiumProfiles =
    [
        SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM,
        SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
        SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
        SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly int[]? _srtpProfiles;
    private readonly bool _sendCertificate;
    private readonly int _handshakeTimeoutMillis;

    public TestDtlsSrtpClient(DtlsCertificate certificate, int[]? srtpProfiles, bool sendCertificate = true,
        int handshakeTimeoutMillis = 10_000)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _srtpProfiles = srtpProfiles;
        _sendCertificate = sendCertificate;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    public int? SelectedProfile { get; private set; }

    public DtlsSrtpKeys? Keys { get; private set; }

    public byte[]? ServerCertificateDer { get; private set; }

    public bool UsedExtendedMasterSecret { get; private set; }

    public int NegotiatedCipherSuite { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        if (_srtpProfiles is not null)
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_srtpProfiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (useSrtp is { ProtectionProfiles.Length: 1 })
            SelectedProfile = useSrtp.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var parameters = m_context.SecurityParameters;
        UsedExtendedMasterSecret = parameters.IsExtendedMasterSecret;
        NegotiatedCipherSuite = parameters.CipherSuite;
        if (SelectedProfile is not { } code || !DtlsSrtpProfiles.IsSupported(code))
            return;

        var profile = (DtlsSrtpProfile)code;
        var material = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null,
            2 * (DtlsSrtpProfiles.KeyLength(profile) + DtlsSrtpProfiles.SaltLength(profile)));
        DtlsSrtpKeys.TryCreate(profile, material, isServer: false, out var keys);
        Keys = keys;
    }

    private sealed class Authentication(TestDtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner.ServerCertificateDer = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
        {
            if (!owner._sendCertificate)
                return null;

            var crypto = (BcTlsCrypto)owner.Crypto;
            var signatureAlgorithm = SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(owner.m_context), crypto,
                owner._certificate.PrivateKey, owner._certificate.ToTlsCertificate(crypto), signatureAlgorithm);
        }
    }
}
