using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Live.Gateway.Auth;

/// <summary>Bearer authentication of join tokens for the hub. Browsers cannot set headers on WebSockets, so the token may come as <c>access_token</c> in the query.</summary>
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
                    // Hubs (WebSockets) and recording downloads (a <video> element) cannot send an Authorization header.
                    var path = context.HttpContext.Request.Path;
                    if (!string.IsNullOrEmpty(token) && (path.StartsWithSegments("/hubs") || path.Value?.Contains("/recordings", StringComparison.Ordinal) == true))
                        context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        return services;
    }
}
