using System.Security.Cryptography;

namespace Live.Gateway.Auth;

/// <summary>Secrets and lifetimes of the gateway's two credentials: the integrators' API key and participants' join tokens (section <c>Live:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Live:Auth";

    /// <summary>Key integrators send as <c>X-Api-Key</c> for admin calls. Generated at start on the embedded default.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>HS256 secret for join tokens, at least 32 bytes of text. Generated at start on the embedded default.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long an invite stays valid unless the caller asks for less.</summary>
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromDays(7);

    public const string Issuer = "live";
    public const string Audience = "live-session";

    /// <summary>Minimum HS256 key size (RFC 7518 §3.2: a key of the same size as the hash output, 256 bits).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>Fills in random secrets where none are configured (embedded default only).</summary>
    public void GenerateMissingSecrets()
    {
        if (string.IsNullOrEmpty(ApiKey)) ApiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (string.IsNullOrEmpty(SigningKey)) SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    }

    /// <summary>Says what is wrong, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrEmpty(ApiKey) || ApiKey.Length < 16) return "Live:Auth:ApiKey must be set (16 characters or more).";
        if (System.Text.Encoding.UTF8.GetByteCount(SigningKey) < MinSigningKeyBytes)
            return $"Live:Auth:SigningKey must be set ({MinSigningKeyBytes} bytes or more).";
        if (InviteLifetime <= TimeSpan.Zero) return "Live:Auth:InviteLifetime must be positive.";
        return null;
    }
}
