using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Live.Grains.Webhooks;

/// <summary>
/// The <c>Live-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>.
/// The timestamp is signed with the body so a captured delivery cannot be replayed later as new.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Live-Signature";

    /// <summary>How far a delivery's timestamp may be from the receiver's clock by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="unixSeconds"/>.</summary>
    public static string Create(string secret, long unixSeconds, string body) => Create([secret], unixSeconds, body);

    /// <summary>
    /// The header with one <c>v1</c> per secret, newest first (<c>t=…,v1=new,v1=old</c>, as Stripe does): while an
    /// endpoint's secret rotates, a receiver still holding the old secret and one already holding the new both verify.
    /// </summary>
    public static string Create(IReadOnlyList<string> secrets, long unixSeconds, string body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)}" + string.Concat(secrets.Select(s => $",v1={Hex(s, unixSeconds, body)}"));

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> at a time within tolerance of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(header)) return false;
        long? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0].Trim() == "t" && long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) t = parsed;
            else if (kv[0].Trim() == "v1") candidates.Add(kv[1].Trim());
        }
        if (t is not { } ts || Math.Abs(now.ToUnixTimeSeconds() - ts) > (tolerance ?? DefaultTolerance).TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Hex(secret, ts, body));
        // Several v1 values let a receiver accept deliveries while a secret rotates; each compared in constant time.
        return candidates.Any(c => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c), expected));
    }

    private static string Hex(string secret, long unixSeconds, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{unixSeconds.ToString(CultureInfo.InvariantCulture)}.{body}")));
}
