using Live.Grains.Webhooks;
using Live.Media;

namespace Live.Silo.Hosting;

/// <summary>Publishes the silo's media and webhook metrics at zero as it starts (why: <see cref="MediaMetrics"/>).</summary>
public sealed class SiloMetricsAtStart : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        MediaMetrics.Publish();
        WebhookMetrics.Publish();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
