using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Live.Media.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate the SFU presents in every DTLS handshake. WebRTC authenticates it only
/// through the SHA-256 fingerprint in our SDP (RFC 8827 §6.5), so one key pair per process is enough.
/// </summary>
public sealed class DtlsCertificate
{
    // A short lifetime limits how long a leaked key is useful; Current renews before this runs out.
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    // Browsers do not check WebRTC certificate dates, but a backdated start tolerates clocks that run behind.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromDays(1);

    // Renew well before expiry so a certificate advertised in an SDP answer is still valid for the whole session.
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromDays(7);

    // RFC 5280 §4.1.2.2: positive serial, at most 20 octets; 16 random bytes keep it unique without a registry.
    private const int SerialNumberBytes = 16;

    private const string CommonName = "CN=live-sfu";
    private const string SignatureAlgorithm = "SHA256WITHECDSA";

    private static readonly Lock s_currentLock = new();
    private static DtlsCertificate? s_current;

    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, DateTime notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute(DtlsFingerprint.Sha256, der);
    }

    /// <summary>
    /// The process-wide certificate, generated on first use and regenerated when it nears expiry. Read it when
    /// writing each SDP answer, and hand the same instance to that peer's handshake.
    /// </summary>
    public static DtlsCertificate Current
    {
        get
        {
            lock (s_currentLock)
            {
                if (s_current is null || s_current.NotAfter - DateTime.UtcNow < RenewalMargin)
                    s_current = Generate(DefaultValidity);
                return s_current;
            }
        }
    }

    /// <summary>The DER encoding of the X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The SHA-256 fingerprint to put in the SDP <c>a=fingerprint</c> attribute.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The ECDSA private key, for BouncyCastle's credentialed signer.</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>End of the validity period (UTC).</summary>
    public DateTime NotAfter { get; }

    /// <summary>Generates a fresh self-signed ECDSA P-256 certificate (X.509 v3, random serial, CN=live-sfu).</summary>
    public static DtlsCertificate Generate(TimeSpan validity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var now = DateTime.UtcNow;
        var notAfter = now + validity;
        var name = new X509Name(CommonName);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, SecureRandom.GetNextBytes(random, SerialNumberBytes)));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now - ClockSkewAllowance);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, keyPair.Private, random));

        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private, certificate.NotAfter.ToUniversalTime());
    }

    /// <summary>The certificate as a BouncyCastle X.509 object (for inspection and tests).</summary>
    public X509Certificate ToX509Certificate() => new(_der);

    /// <summary>The single-entry chain BouncyCastle's TLS layer sends, bound to <paramref name="crypto"/>.</summary>
    public Certificate ToTlsCertificate(BcTlsCrypto crypto) => new([new BcTlsCertificate(crypto, _der)]);
}
