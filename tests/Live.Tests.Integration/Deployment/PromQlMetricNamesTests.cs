namespace Live.Tests.Integration.Deployment;

/// <summary>The PromQL name extraction the dashboard check relies on: it finds every metric, and only metrics.</summary>
public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("sum(live_sessions_live)", new[] { "live_sessions_live" })]
    [InlineData("sum by (role) (live_participants_present)", new[] { "live_participants_present" })]
    [InlineData("sum(rate(live_hub_calls_total{result=\"error\", method=~\"Go.*\"}[$__rate_interval])) by (method)", new[] { "live_hub_calls_total" })]
    [InlineData("histogram_quantile(0.99, sum by (le, method) (rate(live_gateway_call_duration_seconds_bucket[5m])))", new[] { "live_gateway_call_duration_seconds_bucket" })]
    [InlineData("8 * sum(rate(live_sfu_rtp_bytes_sent_total[1m] offset 1h)) / 1e3", new[] { "live_sfu_rtp_bytes_sent_total" })]
    [InlineData("sum(rate(a_total[5m])) / on (job) group_left (pod) clamp_min(sum(rate(b_total[5m])), 1) > bool 0 unless c", new[] { "a_total", "b_total", "c" })]
    [InlineData("label_replace(up, \"x\", \"$1\", \"instance\", \"(not_a_metric).*\")", new[] { "up" })]
    public void Of_FindsEveryMetricAndNothingElse(string expr, string[] expected) =>
        Assert.Equal(expected, PromQlMetricNames.Of(expr));

    [Fact]
    public void Of_BogusNameInAQuery_IsReported()
    {
        // The dashboard check must fail on a misspelt metric: the parser has to hand it over, not drop it.
        var names = PromQlMetricNames.Of("sum by (reason) (rate(live_sfu_dropped_packets_totl{reason!=\"junk\"}[$__rate_interval])) > 0");
        Assert.Equal(["live_sfu_dropped_packets_totl"], names);
    }
}
