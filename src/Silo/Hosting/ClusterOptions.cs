using System.Net;

namespace Live.Silo.Hosting;

/// <summary>How silos find each other and where grain state lives (section <c>Live:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Live:Cluster";

    /// <summary>Localhost clustering and in-memory storage: the first-run default.</summary>
    public const string Embedded = "Embedded";

    /// <summary>Membership, grain state and reminders in PostgreSQL (schema: src/Silo/Sql/postgresql.sql).</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Embedded by default.</summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>Npgsql connection string, for example <c>Host=db;Port=5432;Username=live;Password=…;Database=live</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Orleans' cluster id: silos and clients with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "live";

    /// <summary>Orleans' service id: the key of grain state and reminders, stable across deployments.</summary>
    public string ServiceId { get; set; } = "live";

    /// <summary>
    /// The IP address this silo publishes in the membership table for silos and clients to dial (a pod IP on
    /// Kubernetes). Empty: the host's first IPv4 address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Orleans' customary silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans' customary client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Orleans' Kubernetes hosting (pod name as silo name, silos of deleted pods declared dead at once). Empty: on when
    /// the process runs in a pod that was given its identity through the downward API (KUBERNETES_SERVICE_HOST,
    /// POD_NAME and POD_NAMESPACE all set, as k8s/base/silo.yaml does); true or false decides. PostgreSql only.
    /// </summary>
    public bool? Kubernetes { get; set; }

    /// <summary>The environment variables that make a pod recognisable (the first is set by Kubernetes itself).</summary>
    public static readonly string[] KubernetesPodVariables = ["KUBERNETES_SERVICE_HOST", "POD_NAME", "POD_NAMESPACE"];

    /// <summary>Whether a silo should call Orleans' <c>UseKubernetesHosting</c>, given the process's environment.</summary>
    public bool UsesKubernetesHosting(Func<string, string?> environment) =>
        IsPostgreSql && (Kubernetes ?? KubernetesPodVariables.All(name => !string.IsNullOrWhiteSpace(environment(name))));

    public bool IsEmbedded => string.Equals(Provider, Embedded, StringComparison.OrdinalIgnoreCase);

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the section; no section at all is the embedded default.</summary>
    public static ClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterOptions>() ?? new ClusterOptions();

    /// <summary>Throws a message that says what to fix when the configuration cannot work.</summary>
    public void Validate()
    {
        if (!IsEmbedded && !IsPostgreSql)
            throw new ClusterConfigurationException(
                $"Live:Cluster:Provider '{Provider}' is not known; use '{Embedded}' (one machine) or '{PostgreSql}'.");
        if (SiloPort is <= 0 or > 65535 || GatewayPort is <= 0 or > 65535)
            throw new ClusterConfigurationException("Live:Cluster:SiloPort and GatewayPort must be TCP ports (1-65535).");
        if (Kubernetes == true && !IsPostgreSql)
            throw new ClusterConfigurationException("Live:Cluster:Kubernetes needs Provider PostgreSql; the embedded default is one process.");
        if (!IsPostgreSql) return;
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ClusterConfigurationException(
                "Live:Cluster:ConnectionString is required with Provider PostgreSql " +
                "(or set the environment variable Live__Cluster__ConnectionString), for example " +
                "\"Host=db;Port=5432;Username=live;Password=…;Database=live\".");
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
            throw new ClusterConfigurationException("Live:Cluster:ClusterId and ServiceId must not be empty.");
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
            throw new ClusterConfigurationException(
                $"Live:Cluster:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
    }
}
