"""Prints the SFU benchmark's RESULT lines from the load client's JSON files (bench/sfu/run.sh WORK "N1 N2 ...").

One line per peer and N with its figures, then a live/janus line with the same-run ratios and the issue's targets.
A ratio counts only when both runs were clean: every subscriber connected and received media in the window, loss
under 1 %, and the load client below 90 % of a core (otherwise the client, not the server, set the pace)."""
import json
import os
import sys

work, subs = sys.argv[1], sys.argv[2].split()
SHOWN = ["connected", "active", "failures", "pkts_per_s", "sent_pkts_per_s", "loss_pct", "rcvbuf_errors", "server_cpu_pct",
         "cpu_us_per_pkt", "cpu_us_per_sent_pkt", "alloc_b_per_pkt", "server_rss_mb", "rss_added_kb_per_sub", "server_threads",
         "first_rtp_p50_ms", "first_rtp_p95_ms", "latency_p50_ms", "latency_p99_ms", "latency_samples", "srtp_authenticated",
         "srtp_auth_failures", "client_cpu_pct", "ramp_s", "window_s", "load_avg_start", "load_avg_end"]
CLIENT_LIMIT_PCT = 90


def load(peer, n):
    path = os.path.join(work, f"{peer}-{n}.json")
    return json.load(open(path)) if os.path.exists(path) else None


def limit(r, n):
    """What limited a run, if anything: the client, loss, or subscribers that never connected."""
    if r["connected"] < n or r["active"] < n:
        return "subscribers"
    if r["client_cpu_pct"] >= CLIENT_LIMIT_PCT:
        return "client"
    if r["loss_pct"] is None or abs(r["loss_pct"]) >= 1:
        return "loss"
    return "none"


def ratio(a, b):
    return round(a / b, 2) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else "n/a"


ok = True
for n in map(int, subs):
    janus, live = load("janus", n), load("live", n)
    for peer, r in (("janus", janus), ("live", live)):
        if r is None:
            continue
        ok &= r["connected"] == n
        shown = " ".join(f"{k}={r.get(k)}".replace(" ", "") if k.startswith("load") else f"{k}={r.get(k)}" for k in SHOWN)
        print(f"RESULT sfu peer={peer} subscribers={n} {shown} limit={limit(r, n)}")
    if janus and live:
        comparable = limit(janus, n) == "none" and limit(live, n) == "none"
        cpu = ratio(live["cpu_us_per_pkt"], janus["cpu_us_per_pkt"])
        rss = ratio(live["rss_added_kb_per_sub"], janus["rss_added_kb_per_sub"])
        p99 = ratio(live["latency_p99_ms"], janus["latency_p99_ms"])
        target = 0.8 if n <= 10 else 0.5
        met = lambda cond: str(cond) if comparable else "unknown"
        print(f"RESULT sfu peer=live/janus subscribers={n} cpu_per_pkt={cpu} cpu_per_sent_pkt="
              f"{ratio(live['cpu_us_per_sent_pkt'], janus['cpu_us_per_sent_pkt'])} rss_added_per_sub={rss} "
              f"latency_p50={ratio(live['latency_p50_ms'], janus['latency_p50_ms'])} latency_p99={p99} "
              f"first_rtp_p50={ratio(live['first_rtp_p50_ms'], janus['first_rtp_p50_ms'])} "
              f"pkts_per_s={ratio(live['pkts_per_s'], janus['pkts_per_s'])} loss_pct={live['loss_pct']}/{janus['loss_pct']} "
              f"comparable={comparable} limit={limit(live, n)}/{limit(janus, n)} "
              f"target_cpu<={target}:{met(cpu != 'n/a' and cpu <= target)} target_rss<=1:{met(rss != 'n/a' and rss <= 1)} "
              f"target_p99<=1:{met(p99 != 'n/a' and p99 <= 1)} live_alloc_b_per_pkt={live['alloc_b_per_pkt']}")
sys.exit(0 if ok else 1)
