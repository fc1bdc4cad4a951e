using Live.Grains;
using Live.Grains.Sessions;
using Live.Grains.Webhooks;
using Live.Webhooks;
using Live.Sessions;
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

    /// <summary>What the session grain last wrote to storage, read past the grain: what a crash right now would keep.</summary>
    public async Task<SessionState> ReadStoredSessionAsync(string sessionId)
    {
        var storage = ((InProcessSiloHandle)Cluster.Primary!).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var stored = new GrainState<SessionState>(new SessionState());
        var grainId = Grains.GetGrain<ISessionGrain>(sessionId).GetGrainId();
        await storage.ReadStateAsync("session", grainId, stored);
        return stored.State ?? throw new InvalidOperationException($"Nothing stored for session {sessionId}.");
    }

    /// <summary>How many times this session's grain has written its state (its own writes, not the process's).</summary>
    public long SessionWrites(string sessionId) => LatencyGrainStorage.WritesOf(Grains.GetGrain<ISessionGrain>(sessionId).GetGrainId());

    /// <summary>Attempts before a webhook delivery is dead-lettered in this cluster.</summary>
    public const int WebhookMaxAttempts = 3;

    /// <summary>Deliveries one endpoint may have waiting in one session's outbox in this cluster.</summary>
    public const int WebhookMaxPendingPerEndpoint = 20;

    /// <summary>What a session's webhook outbox last wrote to storage, read past the grain.</summary>
    public async Task<WebhookOutboxState> ReadStoredOutboxAsync(string sessionId)
    {
        var storage = ((InProcessSiloHandle)Cluster.Primary!).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var stored = new GrainState<WebhookOutboxState>(new WebhookOutboxState());
        await storage.ReadStateAsync("webhookOutbox", Grains.GetGrain<IWebhookOutboxGrain>(sessionId).GetGrainId(), stored);
        return stored.State ?? new WebhookOutboxState();
    }

    /// <summary>The reminders the cluster's reminder table holds for a grain (what wakes it on another silo after a crash).</summary>
    public async Task<IReadOnlyList<string>> RemindersOfAsync(GrainId grain)
    {
        var table = ((InProcessSiloHandle)Cluster.Primary!).ServiceProvider.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).ToList();
    }

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
            silo.UseInMemoryReminderService();
            // Webhook retries in tenths of a second instead of seconds, so a dead letter takes a test moments.
            silo.Services.AddLiveWebhooks();
            silo.Services.Configure<WebhookOptions>(o =>
            {
                o.FirstRetryDelay = TimeSpan.FromMilliseconds(100);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
                o.MaxAttempts = WebhookMaxAttempts;
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.RequestTimeout = TimeSpan.FromSeconds(5);
                o.MaxPendingPerEndpoint = WebhookMaxPendingPerEndpoint;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
