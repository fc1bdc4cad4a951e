using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Gateway.Api;
using Live.Gateway.Auth;
using Live.Gateway.Fanout;
using Live.Gateway.Hubs;
using Live.Gateway.Limits;
using Live.Gateway.Presence;
using Live.Gateway.Turn;
using Live.Silo.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Hosting;

/// <summary>Wiring of the gateway: Orleans (co-hosted silo on the embedded default), auth, the hub, the API and the web app.</summary>
public static class GatewayExtensions
{
    /// <summary>Largest hub message accepted; the biggest legitimate one (a poll or a product card) is a few KiB.</summary>
    public const long MaxHubMessageBytes = SizeLimitedHubProtocol.MaxMessageBytes;

    public static WebApplicationBuilder AddLiveGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var cluster = ClusterOptions.From(builder.Configuration);
        cluster.Validate();
        var embedded = cluster.IsEmbedded;
        if (embedded)
        {
            // The embedded default: the silo runs inside this process, so one command starts everything. Its
            // dashboard needs an operator door to be served on: the management port (OperatorEndpoints).
            var servesDashboard = OperatorEndpoints.ServesDashboard(builder.Configuration);
            builder.UseOrleans(silo =>
            {
                silo.AddLiveSilo(builder.Configuration);
                if (servesDashboard) silo.AddLiveDashboard(builder.Configuration);
            });
            // A first run on one machine: Orleans's start-up warnings about its single local silo (slow turns on a
            // busy laptop, placement retries) buried the two lines a newcomer needs, the app's URL and the demo link.
            // A cluster's processes keep Orleans at Warning (appsettings.json); configuration can lower this again.
            builder.Logging.AddFilter("Orleans", LogLevel.Error);
        }
        else
        {
            // A cluster: this gateway is a plain Orleans client that finds the silos in the membership table.
            builder.UseOrleansClient(client => client.AddLiveClient(builder.Configuration));
        }

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .PostConfigure(o => { if (embedded) o.GenerateMissingSecrets(); })
            .Validate(o => o.Problem() is null, "Live:Auth is incomplete: set Live:Auth:ApiKey (16+ characters) and Live:Auth:SigningKey (32+ bytes).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TurnOptions>, TurnOptionsValidation>();
        services.AddSingleton<TurnCredentials>();
        services.AddSingleton<JoinTokens>();
        services.AddOptions<CustomerContextOptions>().BindConfiguration(CustomerContextOptions.Section)
            .Validate(o => o.Problem() is null, "Live:CustomerContext:SigningKey must be 32 bytes or more (or empty to turn customer context off).")
            .ValidateOnStart();
        services.AddSingleton<CustomerContextTokens>();
        services.AddSingleton<ApiKeyFilter>();
        // Where recordings are read from; the silo writes them (same options, same folder).
        services.AddOptions<Live.Silo.Media.MediaOptions>().BindConfiguration(Live.Silo.Media.MediaOptions.Section);
        services.AddJoinTokenAuthentication();

        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<FanoutLanes>();
        services.AddSingleton<EventSequencer>();
        services.AddSingleton<ISessionViews, GrainSessionViews>();
        services.AddSingleton<SessionFanout>();
        services.AddHostedService<SubscriptionRefresher>();
        services.AddSingleton<GatewayLease>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayLease>());
        services.AddHostedService<EventGapWatcher>();
        services.AddClientRateLimits(builder.Configuration);
        services.AddSingleton<HubCallFilter>();
        services.AddSignalR(o =>
        {
            // Up to the ceiling a message is read, and one over MaxHubMessageBytes is refused with a clear error
            // (SizeLimitedHubProtocol); only beyond the ceiling does SignalR close the connection.
            o.MaximumReceiveMessageSize = SizeLimitedHubProtocol.TransportCeilingBytes;
            o.AddFilter<HubCallFilter>();
        }).AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol>(sp =>
            new SizeLimitedHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));

        services.AddProblemDetails();
        services.AddExceptionHandler<SessionRuleProblems>();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);
        AddManagementPort(builder);
        services.AddHostedService<GatewayMetricsAtStart>();
        services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static WebApplication MapLiveGateway(this WebApplication app)
    {
        // First, so that every limit and log sees the client's address rather than a trusted proxy's.
        app.UseForwardedHeaders();
        app.UseManagementPort();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // Before authentication: a flood without credentials is refused as cheaply as one with them.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapSessionsApi();
        app.MapRecordingsApi();
        app.MapWebhooksApi();
        app.MapConnectionCheckApi();
        // The negotiate request and the WebSocket both count against the address's connection budget.
        app.MapHub<SessionHub>("/hubs/session").RequireRateLimiting(ClientRateLimits.HubConnectPolicy);
        app.MapGatewayOperatorEndpoints();
        return app;
    }

    /// <summary>Listens on the management addresses too, next to the public ones.</summary>
    private static void AddManagementPort(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section);
        var management = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new();
        if (management.Addresses().Count == 0) return;
        var publicUrls = (builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (management.Problem(publicUrls) is { } problem) throw new ClusterConfigurationException(problem);
        builder.WebHost.UseUrls([.. publicUrls, .. management.Addresses()]);
    }

    /// <summary>camelCase names and enums as camelCase strings, for both the REST API and the hub.</summary>
    private static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance) where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T))) services.AddSingleton(instance);
    }
}
