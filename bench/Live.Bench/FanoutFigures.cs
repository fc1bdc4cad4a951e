namespace Live.Bench;

/// <summary>What one fan-out run measured, printed as one RESULT line.</summary>
public sealed record FanoutFigures(
    string Peer, int Observers, int Connected, int ConnectFailures, TimeSpan Ramp, TimeSpan Settle,
    (double P50, double P95, double P99) Poll, (double P50, double P95, double P99) Tally,
    double MessagesPerSecond, double DeliveredPercent, double ServerCpuPercent, long ServerRss, long ServerRssAdded,
    double ClientCpuPercent, double MachineBusyPercent, int CallFailures, string? FirstConnectError)
{
    private double Thousands => Math.Max(1, Connected) / 1000.0;
    public double CpuPer1k => ServerCpuPercent / Thousands;
    public double RssMbPer1k => ServerRssAdded / 1048576.0 / Thousands;

    /// <summary>
    /// Which side limits the run: the load client (≥ 90 % of a core: its receive loop is the bottleneck), the machine
    /// (≥ 90 % of all cores busy, whoever uses them: client and server share them on loopback), or neither.
    /// </summary>
    public string Limit => ClientCpuPercent >= 90 ? "client" : MachineBusyPercent >= 90 ? "machine" : "none";

    /// <summary>A run that ended in an error before it measured anything.</summary>
    public static FanoutFigures Failed(string peer, int observers) => new(peer, observers, 0, 0, TimeSpan.Zero, TimeSpan.Zero,
        (double.NaN, double.NaN, double.NaN), (double.NaN, double.NaN, double.NaN), 0, 0, 0, 0, 0, 0, double.NaN, 0, null);

    public string Fields() => Report.Fields(
        ("peer", Peer), ("observers", Observers), ("connected", Connected), ("connect_failures", ConnectFailures),
        ("ramp_s", Ramp.TotalSeconds), ("settle_s", Settle.TotalSeconds),
        ("poll_p50_ms", Poll.P50), ("poll_p95_ms", Poll.P95), ("poll_p99_ms", Poll.P99),
        ("tally_p50_ms", Tally.P50), ("tally_p95_ms", Tally.P95), ("tally_p99_ms", Tally.P99),
        ("msgs_per_s", MessagesPerSecond), ("msgs_per_observer_s", MessagesPerSecond / Math.Max(1, Connected)), ("poll_delivered_pct", DeliveredPercent),
        ("server_cpu_pct", ServerCpuPercent), ("server_cpu_pct_per_1k", CpuPer1k),
        ("server_rss_mb", ServerRss / 1048576.0), ("server_rss_mb_per_1k", RssMbPer1k),
        ("client_cpu_pct", ClientCpuPercent), ("machine_busy_pct", MachineBusyPercent), ("limit", Limit), ("call_failures", CallFailures))
        + (FirstConnectError is null ? "" : $" first_connect_error=\"{FirstConnectError}\"");

    public static string Ratio(FanoutFigures live, FanoutFigures plain) => Report.Fields(
        ("peer", "live/plain"), ("observers", live.Observers),
        ("poll_p50", live.Poll.P50 / plain.Poll.P50), ("poll_p95", live.Poll.P95 / plain.Poll.P95), ("poll_p99", live.Poll.P99 / plain.Poll.P99),
        ("tally_p50", live.Tally.P50 / plain.Tally.P50), ("tally_p99", live.Tally.P99 / plain.Tally.P99),
        ("msgs_per_s", live.MessagesPerSecond / plain.MessagesPerSecond),
        ("server_cpu_per_1k", live.CpuPer1k / plain.CpuPer1k), ("server_rss_per_1k", live.RssMbPer1k / plain.RssMbPer1k));
}
