using Live.Gateway.Hubs;
using Live.Gateway.Limits;

namespace Live.Gateway.Hosting;

/// <summary>
/// Publishes the gateway's refusal counters at zero as it starts, every reason included: a dashboard shows 0 rather
/// than "no data", and an alert on <c>increase()</c> sees the first refusal (a series that starts at 1 has no increase).
/// </summary>
public sealed class GatewayMetricsAtStart : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RefusalMetrics.Publish();
        SizeLimitedHubProtocol.PublishMetrics();
        Auth.CustomerContextTokens.PublishMetrics();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
