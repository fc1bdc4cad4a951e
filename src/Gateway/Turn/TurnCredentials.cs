using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Turn;

/// <summary>
/// Mints TURN credentials as the TURN REST API describes (draft-uberti-behave-turn-rest-00 §2.2), the scheme coturn
/// checks with <c>use-auth-secret</c>: the username is <c>&lt;unix expiry&gt;:&lt;participant id&gt;</c> and the password
/// base64(HMAC-SHA1(shared secret, username)). The relay recomputes it and refuses an expired or foreign one.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The ICE servers for one participant, valid until <paramref name="notAfter"/> (their invite's expiry) or the
    /// configured lifetime, whichever comes first; empty when no relay is configured.
    /// </summary>
    public IReadOnlyList<IceServer> For(string participantId, DateTimeOffset notAfter)
    {
        var turn = options.Value;
        if (!turn.Enabled) return [];
        var expires = clock.GetUtcNow() + turn.CredentialLifetime;
        if (notAfter < expires) expires = notAfter;
        var username = $"{expires.ToUnixTimeSeconds()}:{participantId}";
        return [new IceServer(turn.Urls, username, Password(turn.Secret, username))];
    }

    /// <summary>base64(HMAC-SHA1(secret, username)): what the relay computes from the username it is given.</summary>
    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
