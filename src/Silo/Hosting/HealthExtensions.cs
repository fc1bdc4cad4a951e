using Prometheus;

namespace Live.Silo.Hosting;

/// <summary>The endpoints every Live process serves to operators: /metrics, /health/live and /health/ready.</summary>
public static class HealthExtensions
{
    /// <summary>Maps Prometheus metrics and the Kubernetes probes.</summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app)
    {
        app.MapMetrics("/metrics");
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        return app;
    }
}
