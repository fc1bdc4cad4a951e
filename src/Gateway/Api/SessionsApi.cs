using System.Security.Cryptography;
using Live.Directory;
using Live.Gateway.Auth;
using Live.Gateway.Limits;
using Live.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Live.Gateway.Api;

/// <summary>The REST API for integrators under <c>/api</c>: sessions and invites. Admin calls need the API key.</summary>
public static class SessionsApi
{
    public static WebApplication MapSessionsApi(this WebApplication app)
    {
        var admin = app.MapGroup("/api/sessions").AddEndpointFilter<ApiKeyFilter>().WithTags("Sessions")
            .RequireRateLimiting(ClientRateLimits.ApiPolicy);
        admin.MapPost("/", CreateAsync).WithSummary("Creates a session (scheduled).");
        admin.MapGet("/", ListAsync).WithSummary("Lists sessions, newest first.");
        admin.MapGet("/{id}", GetAsync).WithSummary("Gets one session's summary.");
        admin.MapPost("/{id}/end", EndAsync).WithSummary("Ends a session for everyone.");
        admin.MapGet("/{id}/notes", NotesAsync).WithSummary("Exports the session's notes in the order they were taken, a page at a time.");
        admin.MapGet("/{id}/placement", PlacementAsync).WithSummary("Diagnostic: the silo that hosts the session's grain now.");

        // Hosts invite people from their console with their own join token; integrators use the API key.
        app.MapPost("/api/sessions/{id}/invites", InviteAsync).WithTags("Invites").RequireRateLimiting(ClientRateLimits.ApiPolicy)
            .WithSummary("Creates a signed, expiring join link for a role and display name (API key, or a host's join token).");
        app.MapGet("/api/sessions/{id}/audit", AuditAsync).WithTags("Sessions").RequireRateLimiting(ClientRateLimits.ApiPolicy)
            .WithSummary("The session's audit trail, oldest first, a page at a time (API key, or a host's join token).");
        app.MapPost("/api/demo", DemoAsync).AddEndpointFilter<ApiKeyFilter>().WithTags("Sessions").RequireRateLimiting(ClientRateLimits.ApiPolicy)
            .WithSummary("Creates a demo focus group with invites for a host, a respondent and an observer.");
        return app;
    }

    private static async Task<Created<SessionSummary>> CreateAsync(CreateSessionRequest request, IGrainFactory grains)
    {
        var id = NewId();
        var summary = await grains.GetGrain<ISessionGrain>(id)
            .CreateAsync(new SessionSpec(request.Title, request.Kind, request.Guide, request.ProductCards));
        return TypedResults.Created($"/api/sessions/{id}", summary);
    }

    private static Task<IReadOnlyList<SessionSummary>> ListAsync(IGrainFactory grains, int? max) =>
        grains.GetGrain<ISessionDirectoryGrain>(ISessionDirectoryGrain.DefaultKey).ListAsync(max ?? 100);

    private static Task<SessionSummary> GetAsync(string id, IGrainFactory grains) =>
        grains.GetGrain<ISessionGrain>(id).GetSummaryAsync();

    private static Task<SessionSummary> EndAsync(string id, IGrainFactory grains) =>
        grains.GetGrain<ISessionGrain>(id).EndAsync(hostId: null);

    private static Task<IReadOnlyList<BackroomMessage>> NotesAsync(string id, IGrainFactory grains, int? skip, int? max) =>
        grains.GetGrain<ISessionBackroom>(id).ExportNotesAsync(skip ?? 0, max ?? SessionLimits.MaxNotesPage);

    private static Task<GrainPlacement> PlacementAsync(string id, IGrainFactory grains) =>
        grains.GetGrain<ISessionGrain>(id).GetPlacementAsync();

    private static async Task<Results<Ok<Invite>, ProblemHttpResult>> InviteAsync(
        string id, CreateInviteRequest request, HttpContext http, IGrainFactory grains, JoinTokens tokens, ApiKeyFilter apiKey)
    {
        ParticipantIdentity? host = null;
        if (!apiKey.HasApiKey(http) && (host = await HostOfAsync(http, id)) is null)
            return TypedResults.Problem("An API key or a host's join token for this session is required.", statusCode: StatusCodes.Status401Unauthorized);
        var summary = await grains.GetGrain<ISessionGrain>(id).GetSummaryAsync();
        var invite = CreateInvite(http, tokens, summary, request);
        // The invite is handed out only once the trail holds it: an invite nobody can account for is what an audit is for.
        await grains.GetGrain<ISessionAudit>(id).RecordInviteAsync(host, invite.ParticipantId, invite.DisplayName, invite.Role);
        return TypedResults.Ok(invite);
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> AuditAsync(
        string id, HttpContext http, IGrainFactory grains, ApiKeyFilter apiKey, int? skip, int? max)
    {
        ParticipantIdentity? host = null;
        if (!apiKey.HasApiKey(http))
        {
            var auth = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
            if (!auth.Succeeded || JoinTokens.IdentityOf(auth.Principal) is not { } who || who.SessionId != id)
                return TypedResults.Problem("An API key or a host's join token for this session is required.", statusCode: StatusCodes.Status401Unauthorized);
            // Observers and guests are refused before the grain is asked: the trail names observers and backroom access.
            if (who.Role != Role.Host)
                return TypedResults.Problem("The audit trail is for the session's hosts.", statusCode: StatusCodes.Status403Forbidden);
            host = who;
        }
        var entries = await grains.GetGrain<ISessionAudit>(id).GetAuditAsync(host, skip ?? 0, max ?? SessionLimits.MaxAuditPage);
        return TypedResults.Ok(entries);
    }

    private static async Task<DemoSession> DemoAsync(HttpContext http, IGrainFactory grains, JoinTokens tokens)
    {
        var id = NewId();
        var summary = await grains.GetGrain<ISessionGrain>(id).CreateAsync(new SessionSpec(
            "Gift shopping: first impressions", SessionKind.FocusGroup,
            [
                "Tell us about the last gift you bought online.",
                "Task: find a gift under $50 on our site. Think aloud as you go.",
                "What made you trust (or doubt) the product page?",
                "If you could change one thing about checkout, what would it be?",
            ]));
        IReadOnlyList<Invite> invites =
        [
            CreateInvite(http, tokens, summary, new CreateInviteRequest(Role.Host, "Hana (host)", null)),
            CreateInvite(http, tokens, summary, new CreateInviteRequest(Role.Respondent, "Riley", null)),
            CreateInvite(http, tokens, summary, new CreateInviteRequest(Role.Observer, "Omar (product)", null)),
        ];
        var audit = grains.GetGrain<ISessionAudit>(id);
        foreach (var invite in invites) await audit.RecordInviteAsync(null, invite.ParticipantId, invite.DisplayName, invite.Role);
        return new DemoSession(summary, invites);
    }

    private static Invite CreateInvite(HttpContext http, JoinTokens tokens, SessionSummary session, CreateInviteRequest request)
    {
        if (session.Phase == SessionPhase.Ended) throw new SessionRuleException("wrong-phase", "The session has ended.");
        if (!Enum.IsDefined(request.Role)) throw new SessionRuleException("invalid-input", "Unknown role.");
        if (request.Role.IsGuest() && request.Role != session.Kind.GuestRole())
            throw new SessionRuleException("wrong-role", $"A {session.Kind} session has no {request.Role} role.");
        var name = request.DisplayName?.Trim() ?? "";
        if (name.Length is 0 or > SessionLimits.MaxDisplayNameLength)
            throw new SessionRuleException("invalid-input", $"A display name has 1 to {SessionLimits.MaxDisplayNameLength} characters.");
        if (request.ExpiresInMinutes is <= 0) throw new SessionRuleException("invalid-input", "ExpiresInMinutes must be positive.");

        var identity = new ParticipantIdentity(session.Id, NewId(), name, request.Role);
        var (token, expires) = tokens.Issue(identity, request.ExpiresInMinutes is { } m ? TimeSpan.FromMinutes(m) : null);
        var page = request.Role switch { Role.Host => "host.html", Role.Observer => "backroom.html", _ => "join.html" };
        var url = $"{http.Request.Scheme}://{http.Request.Host}/{page}#token={token}";
        var checkUrl = request.Role.IsGuest() ? $"{http.Request.Scheme}://{http.Request.Host}/check.html#token={token}" : null;
        return new Invite(session.Id, identity.ParticipantId, identity.Role, name, token, url, expires) { CheckUrl = checkUrl };
    }

    private static async Task<ParticipantIdentity?> HostOfAsync(HttpContext http, string sessionId)
    {
        var result = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
        return result.Succeeded && JoinTokens.IdentityOf(result.Principal) is { Role: Role.Host } host && host.SessionId == sessionId ? host : null;
    }

    /// <summary>An unguessable, URL-safe id (72 random bits).</summary>
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9));
}
