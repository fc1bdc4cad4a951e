using Live.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Live.Tests.Integration.Cluster;

/// <summary>Real Orleans hosts on PostgreSQL, wired exactly as the Live processes wire them (AddLiveSilo, AddLiveClient).</summary>
public static class LiveHosts
{
    /// <summary>The Live:Cluster configuration of one cluster in the shared database.</summary>
    public static Dictionary<string, string?> ClusterSettings(string connectionString, string clusterId) => new()
    {
        ["Live:Cluster:Provider"] = ClusterOptions.PostgreSql,
        ["Live:Cluster:ConnectionString"] = connectionString,
        ["Live:Cluster:ClusterId"] = clusterId,
        ["Live:Cluster:ServiceId"] = clusterId,
        ["Live:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>Starts a silo on free ports; returns it with its silo and gateway ports.</summary>
    public static async Task<(IHost Host, int SiloPort, int GatewayPort)> StartSiloAsync(string connectionString, string clusterId)
    {
        var siloPort = PostgresFixture.FreeTcpPort();
        var gatewayPort = PostgresFixture.FreeTcpPort();
        var settings = ClusterSettings(connectionString, clusterId);
        settings["Live:Cluster:SiloPort"] = siloPort.ToString();
        settings["Live:Cluster:GatewayPort"] = gatewayPort.ToString();
        settings["Live:Media:UdpPort"] = "0"; // a free UDP port: several silos share this machine
        var host = Build(settings, (builder, configuration) => builder.UseOrleans(silo => silo.AddLiveSilo(configuration)));
        await host.StartAsync();
        return (host, siloPort, gatewayPort);
    }

    /// <summary>Starts an Orleans client of the cluster, as a gateway in cluster mode runs it.</summary>
    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var host = Build(ClusterSettings(connectionString, clusterId),
            (builder, configuration) => builder.UseOrleansClient(client => client.AddLiveClient(configuration)));
        await host.StartAsync();
        return host;
    }

    /// <summary>Builds a silo host without starting it (to observe configuration errors).</summary>
    public static IHost BuildSilo(Dictionary<string, string?> settings) =>
        Build(settings, (builder, configuration) => builder.UseOrleans(silo => silo.AddLiveSilo(configuration)));

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync(TimeSpan.FromSeconds(20));
        host.Dispose();
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<HostApplicationBuilder, IConfiguration> orleans)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole();
        orleans(builder, builder.Configuration);
        return builder.Build();
    }
}
