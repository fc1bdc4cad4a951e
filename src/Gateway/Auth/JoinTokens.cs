using System.Security.Claims;
using System.Text;
using Live.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Live.Gateway.Auth;

/// <summary>
/// Issues and reads join tokens: HS256 JWTs naming the session, the participant id, the role and the display name.
/// The hub trusts nothing else about who a caller is.
/// </summary>
public sealed class JoinTokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string SessionClaim = "sid";
    public const string ParticipantClaim = "sub";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    private readonly JsonWebTokenHandler _handler = new();

    public SymmetricSecurityKey Key { get; } = new(Encoding.UTF8.GetBytes(options.Value.SigningKey));

    /// <summary>Signs a token for one participant of one session.</summary>
    public (string Token, DateTimeOffset Expires) Issue(ParticipantIdentity identity, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow();
        var expires = now + (lifetime is { } l && l < options.Value.InviteLifetime ? l : options.Value.InviteLifetime);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [SessionClaim] = identity.SessionId,
                [ParticipantClaim] = identity.ParticipantId,
                [RoleClaim] = identity.Role.ToString(),
                [NameClaim] = identity.DisplayName,
            },
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Validation rules shared by the hub's bearer authentication.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = AuthOptions.Issuer,
        ValidAudience = AuthOptions.Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = NameClaim,
        RoleClaimType = RoleClaim,
    };

    /// <summary>The identity a validated principal carries, or null if a claim is missing or malformed.</summary>
    public static ParticipantIdentity? IdentityOf(ClaimsPrincipal user)
    {
        var session = user.FindFirst(SessionClaim)?.Value;
        var participant = user.FindFirst(ParticipantClaim)?.Value;
        var name = user.FindFirst(NameClaim)?.Value;
        if (string.IsNullOrEmpty(session) || string.IsNullOrEmpty(participant) || string.IsNullOrEmpty(name)) return null;
        if (!Enum.TryParse<Role>(user.FindFirst(RoleClaim)?.Value, out var role) || !Enum.IsDefined(role)) return null;
        return new ParticipantIdentity(session, participant, name, role);
    }

    /// <summary>When a validated principal's token expires (its <c>exp</c> claim, RFC 7519 §4.1.4), or null without one.</summary>
    public static DateTimeOffset? ExpiresOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
