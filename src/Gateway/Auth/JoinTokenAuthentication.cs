using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Live.Gateway.Auth;

/// <summary>
/// Bearer authentication of join tokens. Browsers cannot set headers on WebSockets nor on a media element's source, so
/// there (and only there) the token may come as <c>access_token</c> in the query.
/// </summary>
public static class JoinTokenAuthentication
{
    public const string Scheme = "JoinToken";

    public static IServiceCollection AddJoinTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<JoinTokens>((options, tokens) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters();
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    // Only where a header cannot be sent: hubs (browsers' WebSockets) and recording files (a <video>
                    // source). Anywhere else a token in the query could end up in a log or a Referer, so it is ignored.
                    if (!string.IsNullOrEmpty(token) && AcceptsQueryToken(context.HttpContext.Request.Path)) context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Whether a join token may come in the query: <c>/hubs/…</c> and <c>/api/sessions/{id}/recordings/{recording}/{file}</c>.</summary>
    public static bool AcceptsQueryToken(PathString path)
    {
        if (path.StartsWithSegments("/hubs")) return true;
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments is ["api", "sessions", _, "recordings", _, _];
    }
}
