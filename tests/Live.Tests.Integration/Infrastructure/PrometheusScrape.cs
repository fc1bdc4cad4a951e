namespace Live.Tests.Integration.Infrastructure;

/// <summary>The series names of a Prometheus text exposition (what <c>/metrics</c> answers), for tests that check what a process exports.</summary>
public static class PrometheusScrape
{
    /// <summary>Names of the samples present: <c>live_x_bucket</c>, <c>live_x_sum</c>, <c>live_x_count</c> for a histogram.</summary>
    public static IReadOnlySet<string> SampleNames(string exposition) =>
        exposition.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet();
}
