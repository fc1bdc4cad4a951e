using Orleans.Dashboard;

namespace Live.Silo.Hosting;

/// <summary>Wiring of Orleans' dashboard (<see cref="DashboardOptions"/>) on a silo and on its operator port.</summary>
public static class DashboardExtensions
{
    /// <summary>Adds the dashboard's grains and call profiling to a silo, when <c>Live:Dashboard:Enabled</c>.</summary>
    public static ISiloBuilder AddLiveDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (DashboardOptions.From(configuration).Enabled) silo.AddDashboard();
        return silo;
    }

    /// <summary>
    /// Maps the dashboard's page and API under <see cref="DashboardOptions.Path"/>, when enabled. Only for a port that
    /// operators alone reach: the caller restricts it otherwise.
    /// </summary>
    public static WebApplication MapLiveDashboard(this WebApplication app)
    {
        if (DashboardOptions.From(app.Configuration).Enabled) app.MapOrleansDashboard(DashboardOptions.Path);
        return app;
    }
}
