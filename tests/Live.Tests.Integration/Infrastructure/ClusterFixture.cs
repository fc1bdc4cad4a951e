using Live.Grains;
using Live.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>One in-process Orleans cluster shared by every grain test (memory storage, like the embedded default, with a database's write latency).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.StopAllSilosAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        private const string MemoryStorage = "memory";

        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(MemoryStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name,
                (services, _) => new LatencyGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(MemoryStorage)));
            silo.AddIncomingGrainCallFilter<GrainCallMetrics>();
            silo.Services.AddSingleton(TimeProvider.System);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
