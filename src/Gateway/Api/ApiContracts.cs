using Live.Sessions;

namespace Live.Gateway.Api;

/// <summary>Body of <c>POST /api/sessions</c>.</summary>
public sealed record CreateSessionRequest(string Title, SessionKind Kind, IReadOnlyList<string>? Guide, IReadOnlyList<ProductCard>? ProductCards);

/// <summary>Body of <c>POST /api/sessions/{id}/invites</c>. <c>ExpiresInMinutes</c> can only shorten the configured lifetime.</summary>
public sealed record CreateInviteRequest(Role Role, string DisplayName, int? ExpiresInMinutes);

/// <summary>A signed, expiring invitation: the join URL to send, and the token inside it.</summary>
public sealed record Invite(string SessionId, string ParticipantId, Role Role, string DisplayName, string Token, string Url, DateTimeOffset ExpiresAt)
{
    /// <summary>Guests only: the same invite's "test my setup" page, a connection check that joins nothing (usable days before).</summary>
    public string? CheckUrl { get; init; }
}

/// <summary>What <c>POST /api/demo</c> returns: a ready session and one invite per role.</summary>
public sealed record DemoSession(SessionSummary Session, IReadOnlyList<Invite> Invites);
