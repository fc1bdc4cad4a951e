using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Live.Media.Dtls;

namespace Live.Tests.Unit.Media.Dtls;

public sealed partial class DtlsFingerprintTests
{
    private static readonly DtlsCertificate s_certificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));

    [GeneratedRegex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex Sha256SdpForm();

    [Fact]
    public void CertificateFingerprint_ToString_IsSha256UppercaseColonSeparated32Bytes()
    {
        var text = s_certificate.Fingerprint.ToString();

        Assert.Matches(Sha256SdpForm(), text);
        Assert.Equal(32, s_certificate.Fingerprint.Digest.Length);
    }

    [Fact]
    public void CertificateFingerprint_Digest_IsSha256OfDer()
    {
        var expected = SHA256.HashData(s_certificate.Der);
        var hex = string.Join(":", expected.Select(b => b.ToString("X2")));

        Assert.Equal(expected, s_certificate.Fingerprint.Digest.ToArray());
        Assert.Equal("sha-256 " + hex, s_certificate.Fingerprint.ToString());
    }

    [Fact]
    public void TryParse_OwnToString_RoundTrips()
    {
        var text = s_certificate.Fingerprint.ToString();

        Assert.True(DtlsFingerprint.TryParse(text, out var parsed));
        Assert.Equal(s_certificate.Fingerprint, parsed);
        Assert.Equal(text, parsed!.ToString());
    }

    [Fact]
    public void TryParse_ChromiumStyleValue_ParsesDigestBytes()
    {
        // The shape Chromium writes after "a=fingerprint:".
        const string value = "sha-256 3B:6A:F1:0C:7E:42:9D:8B:15:C2:A0:64:FE:11:93:5D:27:88:B9:4E:0A:D3:76:C1:5F:E2:39:04:AB:6D:90:17";

        Assert.True(DtlsFingerprint.TryParse(value, out var parsed));
        Assert.Equal(DtlsFingerprint.Sha256, parsed!.Algorithm);
        Assert.Equal(0x3B, parsed.Digest[0]);
        Assert.Equal(0x17, parsed.Digest[31]);
        Assert.Equal(value, parsed.ToString());
    }

    [Fact]
    public void TryParse_LowercaseHexAndUppercaseName_NormalizesToSdpForm()
    {
        var text = s_certificate.Fingerprint.ToString();
        var lenient = "SHA-256 " + text["sha-256 ".Length..].ToLowerInvariant();

        Assert.True(DtlsFingerprint.TryParse(lenient, out var parsed));
        Assert.Equal(text, parsed!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-224 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89-AB-CD-EF-01")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:")]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    public void TryParse_Malformed_ReturnsFalse(string value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData(DtlsFingerprint.Sha1, 20)]
    [InlineData(DtlsFingerprint.Sha256, 32)]
    [InlineData(DtlsFingerprint.Sha384, 48)]
    [InlineData(DtlsFingerprint.Sha512, 64)]
    public void Compute_EachAlgorithm_RoundTripsAndMatchesOnlyItsCertificate(string algorithm, int digestLength)
    {
        var other = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        var fingerprint = DtlsFingerprint.Compute(algorithm, s_certificate.Der);

        Assert.Equal(digestLength, fingerprint.Digest.Length);
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed));
        Assert.Equal(fingerprint, parsed);
        Assert.True(fingerprint.Matches(s_certificate.Der));
        Assert.False(fingerprint.Matches(other.Der));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryParse_RandomMutations_NeverThrowsAndParsedValuesRoundTrip(int seed)
    {
        var random = new Random(seed);
        var valid = s_certificate.Fingerprint.ToString();
        const string alphabet = "0123456789ABCDEFabcdef:- shaSHA\t\u00e9";
        var parsedCount = 0;

        for (var i = 0; i < 3000; i++)
        {
            var chars = valid.ToCharArray().ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                var position = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when chars.Count > 0 && position < chars.Count:
                        chars[position] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 1:
                        chars.Insert(position, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        if (position < chars.Count)
                            chars.RemoveAt(position);
                        break;
                }
            }

            var text = new string([.. chars]);
            if (!DtlsFingerprint.TryParse(text, out var parsed))
                continue;

            parsedCount++;
            Assert.True(DtlsFingerprint.TryParse(parsed!.ToString(), out var reparsed));
            Assert.Equal(parsed, reparsed);
        }

        Assert.InRange(parsedCount, 1, 2999); // some mutations (case flips) stay valid, most do not
    }
}
