using System.Text.Json;

namespace Live.Tests.Integration.Deployment;

/// <summary>Live's Grafana dashboard (k8s/grafana/live-dashboard.json), read for the tests that check it.</summary>
public static class GrafanaDashboard
{
    public static readonly string Directory = Path.Combine(NodeValidator.Root, "k8s", "grafana");
    public static readonly string File = Path.Combine(Directory, "live-dashboard.json");

    /// <summary>Every query of every panel (rows' own panels included): the panel's title and the PromQL.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> Queries(string json)
    {
        using var document = JsonDocument.Parse(json);
        var queries = new List<(string, string)>();
        void Visit(JsonElement panels)
        {
            foreach (var panel in panels.EnumerateArray())
            {
                if (panel.TryGetProperty("panels", out var inner)) Visit(inner);
                if (!panel.TryGetProperty("targets", out var targets)) continue;
                var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
                foreach (var target in targets.EnumerateArray())
                    if (target.TryGetProperty("expr", out var expr)) queries.Add((title, expr.GetString() ?? ""));
            }
        }
        Visit(document.RootElement.GetProperty("panels"));
        return queries;
    }
}
