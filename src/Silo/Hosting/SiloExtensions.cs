using Live.Grains;
using Live.Silo.Hosting;

namespace Live.Silo.Hosting;

/// <summary>Wiring of a Live silo: clustering, grain storage and call metrics, from configuration.</summary>
public static class SiloExtensions
{
    /// <summary>
    /// Configures a silo. With no <c>Live:Cluster</c> configuration it is the embedded default: localhost clustering
    /// and in-memory grain storage, so one command runs everything on this machine.
    /// </summary>
    public static ISiloBuilder AddLiveSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        cluster.Validate();
        switch (cluster.Provider)
        {
            case ClusterOptions.Embedded:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
                silo.AddMemoryGrainStorage(GrainStorage.Name);
                break;
        }
        silo.AddIncomingGrainCallFilter<GrainCallMetrics>();
        silo.Services.AddSingleton(TimeProvider.System);
        return silo;
    }
}
