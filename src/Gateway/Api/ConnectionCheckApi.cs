using Live.Gateway.Auth;
using Live.Gateway.Limits;
using Live.Gateway.Turn;
using Live.Media;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Live.Gateway.Api;

/// <summary>
/// The connection check a participant runs with their join token alone, before the lobby or days before the session
/// ("test my setup"): the ICE servers, and a throwaway probe connection to the silo that carries the session's media.
/// Neither joins the session nor shows the caller to anyone.
/// </summary>
public static class ConnectionCheckApi
{
    public static WebApplication MapConnectionCheckApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/check").WithTags("Connection check").RequireRateLimiting(ClientRateLimits.ApiPolicy);
        group.MapGet("/ice-servers", IceServersAsync).WithSummary("The ICE servers (TURN relay with short-lived credentials) for the caller's join token.");
        // A probe costs the SFU what a negotiation does, so it draws on the media budget, not the REST one.
        group.MapPost("/probe", ProbeAsync).RequireRateLimiting(ClientRateLimits.MediaProbePolicy)
            .WithSummary("Answers a probe offer (one sendonly audio section) on the silo that carries the session's media; joins nothing.");
        return app;
    }

    /// <summary>The SFU's answer to a probe offer.</summary>
    public sealed record ProbeAnswer(string Sdp);

    private static async Task<Results<Ok<ProbeAnswer>, ProblemHttpResult>> ProbeAsync(HttpContext http, MediaOffer offer, IGrainFactory grains)
    {
        var auth = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
        if (!auth.Succeeded || JoinTokens.IdentityOf(auth.Principal) is not { } me) return Unauthorized();
        var sdp = await grains.GetGrain<IMediaRouterGrain>(me.SessionId).ProbeAsync(me.ParticipantId, offer);
        return TypedResults.Ok(new ProbeAnswer(sdp));
    }

    private static async Task<Results<Ok<IReadOnlyList<IceServer>>, ProblemHttpResult>> IceServersAsync(
        HttpContext http, TurnCredentials turn, TimeProvider clock)
    {
        var auth = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
        if (!auth.Succeeded || JoinTokens.IdentityOf(auth.Principal) is not { } me) return Unauthorized();
        return TypedResults.Ok(turn.For(me.ParticipantId, JoinTokens.ExpiresOf(auth.Principal) ?? clock.GetUtcNow()));
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(title: "invalid-token", detail: "This join link is not valid.", statusCode: StatusCodes.Status401Unauthorized);
}
