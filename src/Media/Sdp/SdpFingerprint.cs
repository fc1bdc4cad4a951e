namespace Live.Media.Sdp;

/// <summary>An a=fingerprint value (RFC 8122 §5): hash function name and the colon-separated upper-case hex digest.</summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    /// <summary>Parses "&lt;hash-func&gt; &lt;XX:XX:...&gt;", checking the digest is colon-separated hex bytes.</summary>
    public static bool TryParse(string value, out SdpFingerprint fingerprint)
    {
        fingerprint = null!;
        string[] parts = value.Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || !SdpSyntax.IsToken(parts[0]) || !IsHexPairs(parts[1]))
        {
            return false;
        }

        fingerprint = new SdpFingerprint(parts[0], parts[1]);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => $"{Algorithm} {Value}";

    private static bool IsHexPairs(string digest)
    {
        string[] bytes = digest.Split(':');
        return bytes.Length >= 16 && bytes.All(b => b.Length == 2 && Uri.IsHexDigit(b[0]) && Uri.IsHexDigit(b[1]));
    }
}
