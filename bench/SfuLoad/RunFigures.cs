using System.Diagnostics;

namespace Live.SfuLoad;

/// <summary>The figures of one run, as printed in its RESULT_JSON line (bench/sfu/run.sh turns them into RESULT lines).</summary>
public static class RunFigures
{
    public static Dictionary<string, object?> From(LoadOptions options, string describe, WindowSample window, ProcessSample before,
        double rampSeconds, IReadOnlyList<(Subscriber Subscriber, PeerTransport Transport)> subscribers, LatencyRecorder latency,
        Publisher publisher, IReadOnlyList<string> failures)
    {
        var (start, end) = (window.Start, window.End);
        double seconds = window.Seconds;
        long received = 0, expected = 0;
        int active = 0;
        for (int i = 0; i < subscribers.Count; i++)
        {
            long r = end.Received[i] - start.Received[i];
            received += r;
            expected += end.Expected[i] - start.Expected[i];
            if (r > 0) active++;
        }

        double serverCpu = end.Server.CpuSeconds - start.Server.CpuSeconds;
        double clientCpu = end.Client.CpuSeconds - start.Client.CpuSeconds;
        var firstRtp = subscribers.Where(s => s.Subscriber.FirstRtpAt != 0)
            .Select(s => Stopwatch.GetElapsedTime(s.Subscriber.StartedAt, s.Subscriber.FirstRtpAt).TotalMilliseconds).Order().ToArray();
        double? allocated = end.AllocatedBytes - start.AllocatedBytes;
        int n = options.Subscribers;

        return new Dictionary<string, object?>
        {
            ["peer"] = options.Peer,
            ["signaling"] = describe,
            ["subscribers"] = n,
            ["connected"] = subscribers.Count(s => s.Transport.ConnectedAt != 0),
            ["active"] = active,
            ["failures"] = failures.Count + subscribers.Count(s => s.Transport.Failure is not null),
            ["first_failure"] = failures.FirstOrDefault() ?? subscribers.Select(s => s.Transport.Failure).FirstOrDefault(f => f is not null),
            ["ramp_s"] = Math.Round(rampSeconds, 1),
            ["window_s"] = Math.Round(seconds, 1),
            ["pkts_per_s"] = Math.Round(received / seconds),
            ["sent_pkts_per_s"] = Math.Round(expected / seconds),
            ["loss_pct"] = expected > 0 ? Math.Round(100.0 * (expected - received) / expected, 3) : null,
            ["rcvbuf_errors"] = end.UdpReceiveBufferErrors - start.UdpReceiveBufferErrors,
            ["server_cpu_pct"] = Math.Round(100 * serverCpu / seconds, 1),
            ["cpu_us_per_pkt"] = received > 0 ? Math.Round(serverCpu * 1e6 / received, 2) : null,
            ["cpu_us_per_sent_pkt"] = expected > 0 ? Math.Round(serverCpu * 1e6 / expected, 2) : null,
            ["alloc_b_per_pkt"] = allocated is double a && received > 0 ? Math.Round(a / received, 1) : null,
            ["server_rss_mb"] = Math.Round(end.Server.RssBytes / 1048576.0, 1),
            ["rss_before_mb"] = Math.Round(before.RssBytes / 1048576.0, 1),
            ["rss_added_kb_per_sub"] = Math.Round((end.Server.RssBytes - before.RssBytes) / 1024.0 / n, 1),
            ["server_threads"] = end.Server.Threads,
            ["first_rtp_p50_ms"] = Percentile(firstRtp, 50),
            ["first_rtp_p95_ms"] = Percentile(firstRtp, 95),
            ["latency_p50_ms"] = Math.Round(latency.Percentile(50) / 1000, 2),
            ["latency_p99_ms"] = Math.Round(latency.Percentile(99) / 1000, 2),
            ["latency_samples"] = latency.Count,
            ["srtp_authenticated"] = subscribers.Sum(s => s.Subscriber.Authenticated),
            ["srtp_auth_failures"] = subscribers.Sum(s => s.Subscriber.AuthenticationFailures),
            ["client_cpu_pct"] = Math.Round(100 * clientCpu / seconds, 1),
            ["client_threads"] = end.Client.Threads,
            ["publisher_sent"] = publisher.PacketsSent,
            ["load_avg_start"] = start.LoadAverage,
            ["load_avg_end"] = end.LoadAverage,
        };
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)]);
}
