using System.Net;
using System.Net.Sockets;
using Live.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// A silo on its own, wired as src/Silo/Program.cs wires it: its HTTP port (the operator's, k8s/base/silo.yaml) serves
/// /metrics and Orleans' dashboard, and <c>Live:Dashboard:Enabled=false</c> takes the dashboard away.
/// </summary>
[Trait("Category", "Gateway")]
public sealed class SiloOperatorPortTests
{
    [Fact]
    public async Task Dashboard_ServedOnTheSilosHttpPort_NextToMetrics()
    {
        await using var silo = await StartSiloAsync(dashboard: true);

        using var page = await silo.Http.GetAsync(DashboardOptions.Path + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("live_sfu_dropped_packets_total", await silo.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Dashboard_Disabled_NotServed()
    {
        await using var silo = await StartSiloAsync(dashboard: false);

        Assert.Contains("live_sfu_dropped_packets_total", await silo.Http.GetStringAsync("/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync(DashboardOptions.Path + "/")).StatusCode);
    }

    private sealed class RunningSilo(WebApplication app, HttpClient http) : IAsyncDisposable
    {
        public HttpClient Http => http;

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<RunningSilo> StartSiloAsync(bool dashboard)
    {
        var port = FreeTcpPort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Live:Cluster:SiloPort"] = FreeTcpPort().ToString(),
            ["Live:Cluster:GatewayPort"] = FreeTcpPort().ToString(),
            ["Live:Media:UdpPort"] = "0",
            ["Live:Dashboard:Enabled"] = dashboard ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.UseOrleans(silo => silo.AddLiveSilo(builder.Configuration).AddLiveDashboard(builder.Configuration));
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapOperatorEndpoints();
        app.MapLiveDashboard();
        await app.StartAsync();
        return new RunningSilo(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
