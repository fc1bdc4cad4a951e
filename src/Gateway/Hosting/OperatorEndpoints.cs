using Live.Gateway.Auth;
using Live.Silo.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Live.Gateway.Hosting;

/// <summary>
/// The gateway's operator endpoints. Health (<c>/health/live</c>, <c>/health/ready</c>) answers on every port for the
/// probes; <c>/metrics</c> answers only on the management port (<see cref="ManagementOptions"/>) or, without one, only
/// to the API key: anonymous metrics would show who is present (observers included) to anyone.
/// </summary>
public static class OperatorEndpoints
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Serves /metrics on the management ports (first in the pipeline, so nothing else answers there) and, with the
    /// embedded silo, Orleans' dashboard there only: on any other port its path is a 404.
    /// </summary>
    public static WebApplication UseManagementPort(this WebApplication app)
    {
        var ports = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports();
        foreach (var port in ports)
            app.UseMetricServer(port, MetricsPath);
        if (!ServesDashboard(app.Configuration)) return app;
        // The port the connection arrived on decides, not the Host header a request may forge.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(DashboardOptions.Path) && !ports.Contains(http.Connection.LocalPort),
            branch => branch.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        app.MapLiveDashboard();
        return app;
    }

    /// <summary>
    /// Whether this gateway serves Orleans' dashboard: only with the silo embedded (a cluster's gateways are clients;
    /// silos serve it) and a management port to serve it on, and unless <c>Live:Dashboard:Enabled</c> is false.
    /// </summary>
    public static bool ServesDashboard(IConfiguration configuration) =>
        ClusterOptions.From(configuration).IsEmbedded
        && (configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new()).Ports().Count > 0
        && DashboardOptions.From(configuration).Enabled;

    /// <summary>Maps health for the probes and, without a management port, /metrics behind the API key.</summary>
    public static WebApplication MapGatewayOperatorEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        if (app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports().Count > 0) return app;
        var apiKey = app.Services.GetRequiredService<ApiKeyFilter>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(MetricsPath), branch => branch.Use(async (http, next) =>
        {
            if (apiKey.HasApiKey(http))
            {
                await next(http);
                return;
            }
            await Results.Problem("Metrics need the X-Api-Key header here (or a management port: Live:Management:Urls).",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
        }));
        app.MapMetrics(MetricsPath);
        return app;
    }
}
