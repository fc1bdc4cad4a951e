using System.Net;
using System.Net.Sockets;
using Live.Grains;
using Live.Grains.Webhooks;
using Live.Silo.Media;
using Orleans.Configuration;
using Orleans.Storage;

namespace Live.Silo.Hosting;

/// <summary>Wiring of a Live silo: clustering, grain storage, reminders and call metrics, from configuration.</summary>
public static class SiloExtensions
{
    /// <summary>Pause between a client's attempts to reach the cluster's gateways.</summary>
    public static readonly TimeSpan ClientRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longest graceful shutdown after SIGTERM; k8s/ gives the pod 45 s (terminationGracePeriodSeconds).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a gateway re-reads the silos' gateway endpoints from the membership table (Orleans' default is 1 min).
    /// Orleans also keeps an endpoint it failed to reach out of rotation for this long.
    /// </summary>
    public static readonly TimeSpan GatewayListRefresh = TimeSpan.FromSeconds(5);

    /// <summary>How long a gateway waits for a grain call (Orleans' default is 30 s); calls normally take milliseconds.</summary>
    public static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(8);

    /// <summary>Timeout of one liveness probe between silos (Orleans' default is 5 s).</summary>
    public static readonly TimeSpan FailureProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo is suspected; with the timeout above a dead silo is declared in about 6 s.</summary>
    public const int FailureMissedProbes = 3;

    /// <summary>
    /// Configures a silo. With no <c>Live:Cluster</c> configuration it is the embedded default: localhost clustering
    /// and in-memory grain storage, so one command runs everything on this machine. With Provider <c>PostgreSql</c>,
    /// membership, grain state and reminders live in PostgreSQL; the database is checked before the silo starts.
    /// </summary>
    public static ISiloBuilder AddLiveSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterOptions.From(configuration);
        cluster.Validate();
        if (cluster.IsEmbedded)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            // Webhook outboxes keep a reminder while they have deliveries pending; in one process it lives as long as they do.
            silo.UseInMemoryReminderService();
            // Orleans' default storage format is Newtonsoft JSON, and a session grain writes its whole state on every
            // change inside its own turn: at 1,000 joined observers that serialization was most of the gateway's CPU
            // and queued joins past the call timeout. The embedded store keeps nothing across restarts, so it can use
            // the binary serializer the grain types are already annotated for.
            silo.Services.AddOptions<MemoryGrainStorageOptions>(GrainStorage.Name)
                .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }
        else
        {
            PostgresCheck.EnsureReady(cluster.ConnectionString!);
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            else
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = ClusterOptions.NpgsqlInvariant;
                o.ConnectionString = cluster.ConnectionString;
            });
            // In a pod: the silo is named after its pod, and a deleted pod's silo is declared dead at once instead of
            // after missed probes. Needs POD_NAME/POD_NAMESPACE/POD_IP and the pods role of k8s/base/rbac.yaml.
            if (cluster.UsesKubernetesHosting(Environment.GetEnvironmentVariable)) silo.UseKubernetesHosting();
            silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
            {
                o.Invariant = ClusterOptions.NpgsqlInvariant;
                o.ConnectionString = cluster.ConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = ClusterOptions.NpgsqlInvariant;
                o.ConnectionString = cluster.ConnectionString;
            });
            // Failure detection: a silo killed outright is declared dead after MissedProbes probes of ProbeTimeout each,
            // and only then do its grains activate elsewhere. Tighter than Orleans' defaults so that a session answers
            // again within 10 s (docs/operations.md); Live:Cluster:Membership overrides any ClusterMembershipOptions field.
            silo.Services.AddOptions<ClusterMembershipOptions>()
                .Configure(o =>
                {
                    o.ProbeTimeout = FailureProbeTimeout;
                    o.NumMissedProbesLimit = FailureMissedProbes;
                })
                .Bind(configuration.GetSection(ClusterOptions.Section + ":Membership"));
        }
        // SIGTERM (Kubernetes preStop, an operator) drains: Orleans deactivates every grain, writing what it must,
        // and leaves the cluster before the process exits. Kubernetes' terminationGracePeriodSeconds must exceed it.
        silo.Services.Configure<HostOptions>(o => o.ShutdownTimeout = DrainTimeout);
        silo.AddIncomingGrainCallFilter<GrainCallMetrics>();
        silo.Services.AddHostedService<SiloMetricsAtStart>();
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddLiveMedia();
        silo.Services.AddLiveWebhooks();
        silo.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        return silo;
    }

    /// <summary>
    /// Configures an Orleans client of a PostgreSQL cluster: it finds the silos' gateways in the membership table.
    /// </summary>
    public static IClientBuilder AddLiveClient(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = ClusterOptions.From(configuration);
        cluster.Validate();
        if (!cluster.IsPostgreSql)
            throw new ClusterConfigurationException("An Orleans client needs Live:Cluster:Provider PostgreSql; the embedded default co-hosts its silo.");
        PostgresCheck.EnsureReady(cluster.ConnectionString!);
        client.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterOptions.NpgsqlInvariant;
            o.ConnectionString = cluster.ConnectionString;
        });
        // A call that was inside a silo when it died never gets an answer; SignalR runs one hub call at a time per
        // connection, so the browser would wait Orleans' default 30 s before anything else it does goes through.
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ClientResponseTimeout);
        // Silos come and go (kill -9, rolling restarts, scaling). With Orleans' 1-minute refresh a client knows only the
        // silos of its last refresh: once those have all died it cycles through dead endpoints until the next one, and
        // an endpoint it marked dead stays out of rotation for that long even when a new silo listens on it again.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefresh);
        // A gateway may start before any silo (a fresh cluster, a rolling restart): keep trying until one answers.
        client.UseConnectionRetryFilter(async (_, cancellation) =>
        {
            await Task.Delay(ClientRetryDelay, cancellation);
            return true;
        });
        return client;
    }
}
