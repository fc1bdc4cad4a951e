namespace Live.Silo.Hosting;

/// <summary>
/// Orleans' own dashboard (Microsoft.Orleans.Dashboard: grains, silos, call rates, reminders), section
/// <c>Live:Dashboard</c>. It is an operator's tool: grain keys name sessions and participants, so it is served only
/// where <c>/metrics</c> is, on a silo's HTTP port or a gateway's management port, never on the gateway's public door.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Live:Dashboard";

    /// <summary>Where the dashboard answers on the operator port.</summary>
    public const string Path = "/dashboard";

    /// <summary>
    /// Serve the dashboard (default true). It adds a grain call filter that profiles every grain call; false removes
    /// both the filter and the page.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public static DashboardOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DashboardOptions>() ?? new();
}
