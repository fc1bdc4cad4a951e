using Live.Directory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Live.Gateway.Hosting;

/// <summary>Ready when a grain answers: the cluster is reachable and storage works.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ISessionDirectoryGrain>(ISessionDirectoryGrain.DefaultKey).ListAsync(1)
                .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("No grain answered.", ex);
        }
    }
}
