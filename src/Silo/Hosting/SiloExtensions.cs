using System.Net;
using System.Net.Sockets;
using Live.Grains;
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
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddLiveMedia();
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
        // A gateway may start before any silo (a fresh cluster, a rolling restart): keep trying until one answers.
        client.UseConnectionRetryFilter(async (_, cancellation) =>
        {
            await Task.Delay(ClientRetryDelay, cancellation);
            return true;
        });
        return client;
    }
}
