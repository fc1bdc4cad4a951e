using System.Text.Json.Nodes;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// The Grafana dashboard (k8s/grafana) matches Grafana's dashboard JSON schema, checked offline by
/// scripts/k8s-validate/validate-dashboards.mjs with the schema vendored beside it, and the check refuses a broken one.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class GrafanaDashboardSchemaTests
{
    [Fact]
    public async Task Dashboard_MatchesGrafanasSchema()
    {
        var (exit, output) = await NodeValidator.RunAsync("validate-dashboards.mjs", GrafanaDashboard.Directory);

        Assert.True(exit == 0, "validate-dashboards found problems:\n" + output);
        Assert.Contains("grafana-validate: 1 dashboards in 1 files match Grafana's dashboard schema", output);
    }

    [Fact]
    public async Task BrokenDashboard_Refused_NamingWhatIsWrong()
    {
        var broken = System.IO.Directory.CreateTempSubdirectory("live-grafana-broken-");
        try
        {
            var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(GrafanaDashboard.File))!.AsObject();
            var panels = dashboard["panels"]!.AsArray();
            var firstQueryPanel = panels.First(p => p!["targets"] is not null)!;
            firstQueryPanel["gridPos"]!["w"] = 30;                         // schema: at most 24 columns
            firstQueryPanel["targets"]![0]!["datasource"]!["uid"] = "${prom}"; // no such variable
            dashboard["schemaVersion"] = "39";                             // schema: an integer
            dashboard["dashboardTitle"] = "x";                             // schema: no such property
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "broken.json"), dashboard.ToJsonString());

            var (exit, output) = await NodeValidator.RunAsync("validate-dashboards.mjs", broken.FullName);

            Assert.Equal(1, exit);
            Assert.Contains("/schemaVersion must be integer", output);
            Assert.Contains("must NOT have additional properties ('dashboardTitle')", output);
            Assert.Matches(@"/panels/\d+/gridPos/w must be <= 24", output);
            Assert.Contains("datasource variable 'prom' is not defined in templating", output);
        }
        finally
        {
            broken.Delete(recursive: true);
        }
    }
}
