using System.Net;
using System.Net.Http.Json;
using Live.Gateway.Api;
using Live.Gateway.Hosting;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Live.Tests.Integration.Cluster;

/// <summary>The gateway with Provider PostgreSql: a plain Orleans client of the silos, not a co-hosted silo.</summary>
[Collection(PostgresCollection.Name), Trait("Category", "Postgres")]
public sealed class PostgresGatewayTests(PostgresFixture db)
{
    [Fact]
    public async Task Gateway_IsAClientOfTheClusterSilos()
    {
        var clusterId = "g-" + Guid.NewGuid().ToString("N")[..10];
        var (silo, siloPort, _) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        var port = PostgresFixture.FreeTcpPort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var settings = LiveHosts.ClusterSettings(db.ConnectionString, clusterId);
        settings["Live:Auth:ApiKey"] = GatewayFixture.ApiKey;
        settings["Live:Auth:SigningKey"] = GatewayFixture.SigningKey;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddLiveGateway();
        var app = builder.Build();
        app.MapLiveGateway();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Api-Key", GatewayFixture.ApiKey);

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            var created = await http.PostAsJsonAsync("/api/sessions",
                new CreateSessionRequest("Cluster check", SessionKind.FocusGroup, ["First"], null), GatewayFixture.Json);
            created.EnsureSuccessStatusCode();
            var summary = (await created.Content.ReadFromJsonAsync<SessionSummary>(GatewayFixture.Json))!;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/sessions/{summary.Id}")).StatusCode);

            // The only member of the cluster is the silo: the gateway joined as a client.
            var members = await db.QueryAsync("SELECT Port FROM OrleansMembershipTable WHERE DeploymentId = @c", null, ("c", clusterId));
            Assert.Equal([siloPort], members);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await LiveHosts.StopAsync(silo);
        }
    }
}
