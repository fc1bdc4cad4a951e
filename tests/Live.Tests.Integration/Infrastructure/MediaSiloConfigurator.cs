using Live.Grains;
using Live.Grains.Webhooks;
using Live.Silo.Hosting;
using Live.Silo.Media;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>A test silo with memory storage and its own SFU (AddLiveMedia), for media router and edge tests.</summary>
public sealed class MediaSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(GrainStorage.Name);
        silo.AddIncomingGrainCallFilter<GrainCallMetrics>();
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddLiveMedia();
        silo.UseInMemoryReminderService();
        silo.Services.AddLiveWebhooks();
    }
}
