using Live.Sessions;
using Live.Tests.Integration.Deployment;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// Every metric the Grafana dashboard (k8s/grafana/live-dashboard.json) queries is exported by a running gateway with
/// its silo (the embedded default: one process, so one /metrics carries both), scraped on the management port after a
/// short session. A panel on a misspelt or removed metric fails here instead of staying empty in Grafana.
/// </summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class GrafanaDashboardMetricsTests(GatewayFixture gateway)
{
    [Fact]
    public async Task EveryMetricTheDashboardQueries_ExportedByARunningSiloAndGateway()
    {
        var queries = GrafanaDashboard.Queries(await File.ReadAllTextAsync(GrafanaDashboard.File));
        Assert.True(queries.Count > 40, $"the dashboard has {queries.Count} queries");

        // Enough of a session that the series created on first use exist: participants by role, hub calls ok and
        // refused, grain calls, events by audience, a session rule violation.
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var respondent = await gateway.JoinAsync(session.Id, Role.Respondent, "Riley");
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        await host.Connection.InvokeAsync("GoLive");
        await Assert.ThrowsAsync<HubException>(() => respondent.Connection.InvokeAsync("GoLive"));
        await respondent.WaitForAsync("snapshot");

        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress };
        var exported = PrometheusScrape.SampleNames(await management.GetStringAsync("/metrics"));
        Assert.Contains("live_hub_connections", exported); // the scrape is the one with Live's metrics

        var queried = queries.SelectMany(q => PromQlMetricNames.Of(q.Expr).Select(name => (q.Panel, Name: name))).ToList();
        var missing = queried
            .Where(q => !exported.Contains(q.Name) && !FirstEventOnly.ContainsKey(q.Name))
            .Select(q => $"{q.Name} (panel '{q.Panel}')")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "queried by the dashboard but not exported:\n" + string.Join('\n', missing));

        // The few that cannot exist before their first event are at least the names the code creates.
        var sources = string.Concat(System.IO.Directory.EnumerateFiles(Path.Combine(NodeValidator.Root, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var name in queried.Select(q => q.Name).Where(FirstEventOnly.ContainsKey).Distinct())
            Assert.True(sources.Contains($"\"{name}\""), $"{name} is created nowhere in src/ ({FirstEventOnly[name]})");
    }

    /// <summary>Metrics whose only label has values no one can list ahead, so no series exists before the first event.</summary>
    private static readonly Dictionary<string, string> FirstEventOnly = new()
    {
        ["live_sfu_packet_handler_faults_total"] = "labelled by the type of exception a packet handler threw; expected never",
    };
}
