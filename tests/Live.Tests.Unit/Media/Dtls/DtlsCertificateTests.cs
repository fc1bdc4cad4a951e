using Live.Media.Dtls;
using Org.BouncyCastle.Crypto.Parameters;

namespace Live.Tests.Unit.Media.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_SelfSignedP256V3_WithLiveSfuNameAndShortValidity()
    {
        var before = DateTime.UtcNow;
        var certificate = DtlsCertificate.Generate(DtlsCertificate.DefaultValidity);
        var x509 = certificate.ToX509Certificate();

        Assert.Equal(3, x509.Version);
        Assert.Equal("CN=live-sfu", x509.SubjectDN.ToString());
        Assert.Equal(x509.SubjectDN.ToString(), x509.IssuerDN.ToString());
        var publicKey = Assert.IsType<ECPublicKeyParameters>(x509.GetPublicKey());
        Assert.Equal(256, publicKey.Parameters.Curve.FieldSize);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SigAlgOid); // RFC 5758 §3.2: ecdsa-with-SHA256
        x509.Verify(publicKey); // throws if the self-signature is wrong
        Assert.True(x509.SerialNumber.SignValue > 0);
        Assert.InRange(certificate.NotAfter, before.AddDays(30).AddSeconds(-5), DateTime.UtcNow.AddDays(30).AddSeconds(5));
        Assert.True(x509.NotBefore.ToUniversalTime() <= before);
        Assert.IsType<ECPrivateKeyParameters>(certificate.PrivateKey);
    }

    [Fact]
    public void Generate_Twice_GivesDistinctKeysSerialsAndFingerprints()
    {
        var first = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        var second = DtlsCertificate.Generate(TimeSpan.FromDays(1));

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.NotEqual(first.ToX509Certificate().SerialNumber, second.ToX509Certificate().SerialNumber);
    }

    [Fact]
    public void Current_ReadTwice_IsTheSameCertificate()
    {
        Assert.Same(DtlsCertificate.Current, DtlsCertificate.Current);
        Assert.True(DtlsCertificate.Current.NotAfter > DateTime.UtcNow.AddDays(7));
    }

    [Fact]
    public void Generate_NonPositiveValidity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsCertificate.Generate(TimeSpan.Zero));
    }
}
