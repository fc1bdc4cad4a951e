using System.Security.Cryptography;

namespace Live.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by the SDP <c>a=fingerprint</c> attribute (RFC 8122 §5):
/// a hash function name and the digest of the DER-encoded certificate, written as colon separated uppercase hex.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    // RFC 8122 §5: hash-func names are the IANA "Hash Function Textual Names"; these are the ones .NET computes.
    public const string Sha1 = "sha-1";
    public const string Sha256 = "sha-256";
    public const string Sha384 = "sha-384";
    public const string Sha512 = "sha-512";

    // The longest supported digest, SHA-512, in bytes: sizes the stack buffer in Matches.
    private const int MaxDigestLength = 64;

    private readonly byte[] _digest;

    private DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    /// <summary>The lowercase hash function name, e.g. <c>sha-256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Hashes a DER-encoded certificate with the named function.</summary>
    public static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> certificateDer)
    {
        var normalized = NormalizeAlgorithm(algorithm)
            ?? throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'.", nameof(algorithm));
        return new DtlsFingerprint(normalized, Hash(normalized, certificateDer));
    }

    /// <summary>
    /// Parses the value of an <c>a=fingerprint</c> attribute (<c>sha-256 AB:CD:…</c>). Hex digits of either case are
    /// accepted (RFC 8122 §5 asks senders for uppercase); the digest length must match the hash function.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        value = value.Trim();
        var space = value.IndexOf(' ');
        if (space <= 0)
            return false;

        var algorithm = NormalizeAlgorithm(value[..space]);
        if (algorithm is null)
            return false;

        var hex = value[(space + 1)..].TrimStart();
        var expectedLength = DigestLength(algorithm);
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
        if (hex.Length != expectedLength * 3 - 1)
            return false;

        var digest = new byte[expectedLength];
        for (var i = 0; i < expectedLength; i++)
        {
            var offset = i * 3;
            if (i > 0 && hex[offset - 1] != ':')
                return false;
            if (!TryParseHexDigit(hex[offset], out var high) || !TryParseHexDigit(hex[offset + 1], out var low))
                return false;
            digest[i] = (byte)(high << 4 | low);
        }

        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[MaxDigestLength];
        var length = Hash(Algorithm, certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(actual[..length], _digest);
    }

    /// <summary>The SDP form: <c>sha-256 AB:CD:…</c>.</summary>
    public override string ToString() =>
        string.Create(Algorithm.Length + 1 + _digest.Length * 3 - 1, this, static (span, self) =>
        {
            self.Algorithm.AsSpan().CopyTo(span);
            span[self.Algorithm.Length] = ' ';
            var hex = span[(self.Algorithm.Length + 1)..];
            for (var i = 0; i < self._digest.Length; i++)
            {
                if (i > 0)
                    hex[i * 3 - 1] = ':';
                hex[i * 3] = HexUpper(self._digest[i] >> 4);
                hex[i * 3 + 1] = HexUpper(self._digest[i] & 0xF);
            }
        });

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _digest.AsSpan().SequenceEqual(other._digest);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(_digest);
        return hash.ToHashCode();
    }

    private static string? NormalizeAlgorithm(ReadOnlySpan<char> name) => name switch
    {
        _ when name.Equals(Sha1, StringComparison.OrdinalIgnoreCase) => Sha1,
        _ when name.Equals(Sha256, StringComparison.OrdinalIgnoreCase) => Sha256,
        _ when name.Equals(Sha384, StringComparison.OrdinalIgnoreCase) => Sha384,
        _ when name.Equals(Sha512, StringComparison.OrdinalIgnoreCase) => Sha512,
        _ => null,
    };

    private static int DigestLength(string algorithm) => algorithm switch
    {
        Sha1 => SHA1.HashSizeInBytes,
        Sha256 => SHA256.HashSizeInBytes,
        Sha384 => SHA384.HashSizeInBytes,
        _ => SHA512.HashSizeInBytes,
    };

    private static byte[] Hash(string algorithm, ReadOnlySpan<byte> data)
    {
        var digest = new byte[DigestLength(algorithm)];
        Hash(algorithm, data, digest);
        return digest;
    }

    private static int Hash(string algorithm, ReadOnlySpan<byte> data, Span<byte> destination) => algorithm switch
    {
        Sha1 => SHA1.HashData(data, destination),
        Sha256 => SHA256.HashData(data, destination),
        Sha384 => SHA384.HashData(data, destination),
        _ => SHA512.HashData(data, destination),
    };

    private static bool TryParseHexDigit(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
