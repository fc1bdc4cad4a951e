using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Live.Media.Dtls;

// Certificates in both directions: the credential we sign with, and the client certificate we demand and pin.
public sealed partial class DtlsSrtpServer
{
    // RFC 8827 §6.5 requires P-256 ECDSA support; SHA-256 is the natural hash for a P-256 key.
    private static readonly SignatureAndHashAlgorithm s_ecdsaSha256 =
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    // RFC 5246 §7.4.1.4.1: a TLS 1.2 client that omits signature_algorithms implicitly supports only SHA-1.
    private static readonly SignatureAndHashAlgorithm s_ecdsaSha1 =
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var offered = m_context.SecurityParameters.ClientSigAlgs;
        SignatureAndHashAlgorithm signatureAlgorithm;
        if (offered is null)
            signatureAlgorithm = s_ecdsaSha1;
        else if (offered.Contains(s_ecdsaSha256))
            signatureAlgorithm = s_ecdsaSha256;
        else
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client does not accept ECDSA with SHA-256.");

        var crypto = (BcTlsCrypto)Crypto;
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto,
            _certificate.PrivateKey, _certificate.ToTlsCertificate(crypto), signatureAlgorithm);
    }

    /// <summary>
    /// Always asks for a client certificate (RFC 8827 §6.5: both sides authenticate by fingerprint). Both ECDSA and
    /// RSA certificates are accepted: only the fingerprint pins the peer, BouncyCastle checks the CertificateVerify.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        short[] certificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest(certificateTypes, signatureAlgorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
            throw Reject(DtlsHandshakeFailure.ClientCertificateMissing, AlertDescription.handshake_failure,
                "The client sent no certificate.");

        // RFC 8122 §5: the fingerprint covers the DER of the end-entity certificate, the first in the chain.
        var der = clientCertificate.GetCertificateAt(0).GetEncoded();
        if (!_remoteFingerprint.Matches(der))
        {
            var actual = DtlsFingerprint.Compute(_remoteFingerprint.Algorithm, der);
            throw Reject(DtlsHandshakeFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                $"Client certificate fingerprint {actual} does not match the SDP fingerprint {_remoteFingerprint}.");
        }
    }
}
