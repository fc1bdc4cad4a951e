#!/usr/bin/env bash
# Benchmark 3, SFU forwarding (docs/benchmarks.md): one werift publisher (VP8 ~1.5 Mbit/s + Opus replayed by ffmpeg as
# RTP) and N werift subscribers that complete ICE and DTLS-SRTP, against Janus (Debian's janus, VideoRoom) and against
# Live, with the same load client and the same stream, one after the other for each N in the same invocation.
#   bench/sfu/run.sh [SUBSCRIBERS="10 50 100 200"] [SECONDS=20]
#   bench/sfu/run.sh --smoke            5 subscribers, 5 s
# The Janus side and the load client are the shared peer, used in place: ../shared/peers/janus/run.sh and
# ../shared/peers/janus/client/bench.cjs (with ADAPTER=bench/sfu/live-adapter.cjs for Live). Nothing is copied.
# Env: PEERS="janus live" (or one of them), JANUS_MODE=videoroom|streaming, SHARED=<dir of the shared peer>,
#      WORK=/tmp/live-sfu-bench, CONC=10, WARMUP_S=15, CONNECT_TIMEOUT_S=90, SKIP_BUILD=1, (logs and JSON stay in $WORK).
# Output: the two peers' summaries, then one line per run `RESULT sfu peer=<janus|live|live/janus> subscribers=N key=value…`.
# Exit 0 only if every requested peer connected every subscriber at every N.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SUBS_LIST="10 50 100 200"; SECS=20
if [[ "${1:-}" == --smoke ]]; then SUBS_LIST=5; SECS=5; WARMUP_S=${WARMUP_S:-2}; shift; fi
[[ $# -ge 1 ]] && SUBS_LIST=$1
[[ $# -ge 2 ]] && SECS=$2
PEERS=${PEERS:-janus live}
JANUS_MODE=${JANUS_MODE:-videoroom}
SHARED=${SHARED:-$ROOT/../shared/peers/janus}
WORK=${WORK:-/tmp/live-sfu-bench}
# WARMUP_S (both peers): a fresh .NET process keeps its tiered-JIT thread busy for the first minute (measured: about
# 40 % of the gateway's CPU 20 s after the ramp at 20 subscribers), so the window starts 15 s after the last subscriber
# receives media instead of the shared client's 3 s. Janus gets the same warm-up.
CONC=${CONC:-10}; WARMUP_S=${WARMUP_S:-15}; CONNECT_TIMEOUT_S=${CONNECT_TIMEOUT_S:-90}
CLK_TCK=$(getconf CLK_TCK)
for n in $SUBS_LIST; do [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 300 ]] || { echo "sfu: subscribers must be 1..300" >&2; exit 2; }; done
[[ "$SECS" =~ ^[0-9]+$ && "$SECS" -ge 1 && "$SECS" -le 600 ]] || { echo "sfu: seconds must be 1..600" >&2; exit 2; }
[[ -f "$SHARED/client/bench.cjs" ]] || { echo "sfu: shared peer not found at $SHARED (set SHARED=)" >&2; exit 2; }
log() { echo "# sfu $(date +%T) $*"; }
mkdir -p "$WORK"

# ------------------------------------------------------------------ prerequisites
if [[ -z "${SKIP_BUILD:-}" && " $PEERS " == *" live "* ]]; then
  if ! out=$(dotnet build -c Release src/Gateway -nologo -v q 2>&1); then echo "$out" | grep -E " error " | sort -u >&2; exit 1; fi
fi
if [[ " $PEERS " == *" live "* && ! -f bench/sfu/node_modules/@microsoft/signalr/package.json ]]; then
  log "npm ci (bench/sfu: @microsoft/signalr)"
  (cd bench/sfu && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [[ " $PEERS " == *" live "* ]]; then
  command -v ffmpeg >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null; }
  if [[ ! -f "$SHARED/client/node_modules/werift/package.json" ]]; then
    log "npm ci (shared client: werift)"; (cd "$SHARED/client" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi

free_tcp() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
free_udp() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# The source clip: the Janus peer's when it exists (the same bytes), else encoded here once with the same settings.
SRC=$WORK/janus/src.webm
ensure_source() {
  [[ -f "$SRC" ]] && return
  mkdir -p "$(dirname "$SRC")"
  log "encoding the 20 s VP8 1.5 Mbit/s + Opus 64 kbit/s source clip"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=30,noise=alls=30:allf=t+u" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 \
    -map 0:v -c:v libvpx -b:v 1500k -minrate 1500k -maxrate 1500k -bufsize 1500k -deadline realtime -cpu-used 8 -g 60 -keyint_min 60 \
    -map 1:a -c:a libopus -b:a 64k -ac 2 -ar 48000 "$SRC"
}

# ------------------------------------------------------------------ Live: gateway process + ffmpeg + the shared client
GW_PID=""; FF_PID=""
stop_live() {
  for p in $FF_PID $GW_PID; do kill -0 "$p" 2>/dev/null && kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0; for p in $FF_PID $GW_PID; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break; sleep 0.1
  done
  for p in $FF_PID $GW_PID; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true; done
  GW_PID=""; FF_PID=""
}
trap stop_live EXIT INT TERM

run_live() { # N SECS -> writes $WORK/live-N.json, returns non-zero on failure
  local n=$1 secs=$2 key=bench-api-key-0123456789
  local http; http=$(free_tcp); local udp; udp=$(free_udp)
  local vport; vport=$(free_udp); local aport; aport=$(free_udp)
  ensure_source
  ( cd src/Gateway/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      urls="http://127.0.0.1:$http" Live__Auth__ApiKey=$key \
      Live__Limits__HubConnects__Burst=100000 Live__Limits__MediaNegotiations__Burst=100000 Live__Limits__Api__Burst=100000 \
      Live__Auth__SigningKey=bench-signing-key-that-is-long-enough-0123456789 \
      Live__Cluster__SiloPort="$(free_tcp)" Live__Cluster__GatewayPort="$(free_tcp)" \
      Live__Media__UdpPort="$udp" Live__Media__BindAddress=127.0.0.1 \
      dotnet Live.Gateway.dll ) > "$WORK/live-gateway-$n.log" 2>&1 &
  GW_PID=$!
  local ok=""
  for _ in $(seq 1 900); do
    curl -sf -m 1 "http://127.0.0.1:$http/health/live" >/dev/null 2>&1 && { ok=1; break; }
    kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1
  done
  [[ -n "$ok" ]] || { echo "sfu: Live gateway did not start, see $WORK/live-gateway-$n.log" >&2; stop_live; return 1; }
  ffmpeg -hide_banner -loglevel warning -nostdin -re -stream_loop -1 -i "$SRC" \
    -map 0:v -c copy -payload_type 96 -ssrc 1111 -f rtp "rtp://127.0.0.1:$vport?pkt_size=1200&localaddr=127.0.0.1" \
    -map 0:a -c copy -payload_type 111 -ssrc 2222 -f rtp "rtp://127.0.0.1:$aport?pkt_size=1200&localaddr=127.0.0.1" \
    > "$WORK/live-ffmpeg-$n.log" 2>&1 &
  FF_PID=$!
  sleep 1
  local rss0; rss0=$(awk '/VmRSS/{print $2}' "/proc/$GW_PID/status")
  log "live: gateway pid $GW_PID (http $http, udp $udp, RSS $((rss0 / 1024)) MB before the client), $n subscribers for ${secs}s"
  local out rc=0
  out=$(cd "$SHARED/client" && MODE=live ADAPTER="$ROOT/bench/sfu/live-adapter.cjs" SFU_URL="http://127.0.0.1:$http" SFU_PID=$GW_PID \
    LIVE_API_KEY=$key PUB_VPORT=$vport PUB_APORT=$aport N=$n SECS=$secs CONC=$CONC WARMUP_S=$WARMUP_S \
    CONNECT_TIMEOUT_S=$CONNECT_TIMEOUT_S CLK_TCK=$CLK_TCK \
    timeout $((secs + CONNECT_TIMEOUT_S + n * 2 + 60)) node bench.cjs 2> "$WORK/live-client-$n.log") || rc=$?
  local metrics; metrics=$(curl -sf -m 5 "http://127.0.0.1:$http/metrics" | grep -E '^live_(sfu_(rtp_packets|dropped|transports|consumers|producers|nack|ice)|dtls)' || true)
  stop_live
  [[ $rc -eq 0 && "$out" == *"RESULT_JSON "* ]] || { tail -5 "$WORK/live-client-$n.log" >&2; echo "sfu: Live client failed ($rc)" >&2; return 1; }
  local json=${out#*RESULT_JSON }
  python3 - "$json" "$rss0" > "$WORK/live-$n.json" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); r["server_rss_before_mb"] = round(int(sys.argv[2]) / 1024, 1); print(json.dumps(r))
PY
  echo "$metrics" > "$WORK/live-metrics-$n.txt"
}

run_janus() { # N SECS -> writes $WORK/janus-N.json
  local n=$1 secs=$2 out rc=0
  out=$(MODE=$JANUS_MODE WORK="$WORK/janus" CONC=$CONC WARMUP_S=$WARMUP_S CONNECT_TIMEOUT_S=$CONNECT_TIMEOUT_S \
    "$SHARED/run.sh" "$n" "$secs" 2> "$WORK/janus-run-$n.log") || rc=$?
  echo "$out" | sed 's/^/  /'
  local res="$WORK/janus/result-${JANUS_MODE}-${n}x${secs}.json"
  [[ "$JANUS_MODE" == streaming ]] && res="$WORK/janus/result-${n}x${secs}.json"
  [[ $rc -eq 0 && -f "$res" ]] || { tail -5 "$WORK/janus-run-$n.log" >&2; echo "sfu: Janus run failed ($rc)" >&2; return 1; }
  cp "$res" "$WORK/janus-$n.json"
}

# ------------------------------------------------------------------ the runs, then one summary
status=0
log "MACHINE nproc=$(nproc) mem=$(awk '/MemTotal/{printf "%.1fGiB",$2/1048576}' /proc/meminfo) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" node=$(node --version) dotnet=$(dotnet --version 2>/dev/null) janus=$(dpkg-query -W -f='${Version}' janus 2>/dev/null || echo none)"
for n in $SUBS_LIST; do
  rm -f "$WORK/janus-$n.json" "$WORK/live-$n.json"
  if [[ " $PEERS " == *" janus "* ]]; then log "janus ($JANUS_MODE): $n subscribers for ${SECS}s"; run_janus "$n" "$SECS" || status=1; fi
  if [[ " $PEERS " == *" live "* ]]; then run_live "$n" "$SECS" || status=1; fi
done

python3 - "$WORK" "$SECS" "$SUBS_LIST" <<'PY' || status=1
import json, os, sys
work, secs, subs = sys.argv[1], sys.argv[2], sys.argv[3].split()
def load(peer, n):
    p = os.path.join(work, f"{peer}-{n}.json")
    return json.load(open(p)) if os.path.exists(p) else None
def fig(r, n):
    # Server figures, whichever server the client measured (bench.cjs names them janus_* for every SFU).
    return {
        "connected": r["subscribers_connected"], "failures": r["failures"], "active": r["subscribers_active_in_window"],
        "pkts_per_s": r["rtp_pkts_per_s_total"], "mbit_per_s": r["rtp_mbit_per_s_total"],
        "cpu_pct": r["janus_cpu_pct_of_one_core"], "cpu_us_per_pkt": r["janus_cpu_us_per_fwd_pkt"],
        "cpu_us_per_sent_pkt": r["janus_cpu_us_per_sent_pkt"],
        "rss_mb": r["janus_rss_mb"], "rss_per_sub_mb": round(r["janus_rss_mb"] / max(1, int(n)), 2),
        "threads": r["janus_threads"], "loss_pct": r["rtp_loss_pct_in_window"], "rcvbuf_errors": r["udp_rcvbuf_errors_in_window"],
        "first_p50_ms": r["first_rtp_ms_p50"], "first_p95_ms": r["first_rtp_ms_p95"],
        "client_pct": r["client_cpu_pct_of_one_core"], "publisher_pct": r.get("publisher_cpu_pct_of_one_core", 0),
    }
def live_counters(n):
    # Whole-run SFU counters from Live's /metrics (ramp and warm-up included): retransmissions and why NACKs were not
    # answered, and transports closed because ICE consent expired (a subscriber that stopped sending checks).
    p, out = os.path.join(work, f"live-metrics-{n}.txt"), {}
    names = {"live_sfu_rtp_packets_sent_total": "run_pkts_sent", "live_sfu_nack_packets_requested_total": "run_nack_requested",
             "live_sfu_nack_packets_retransmitted_total": "run_nack_resent", "live_sfu_nack_packets_held_off_total": "run_nack_held_off",
             "live_sfu_nack_packets_too_old_total": "run_nack_too_old", 'live_sfu_transports_expired_total{reason="consent-expired"}': "run_consent_expired"}
    if os.path.exists(p):
        for line in open(p):
            parts = line.split()
            if len(parts) != 2: continue
            name = parts[0]
            if name.startswith("live_sfu_rtp_packets_sent_total{"): name = "live_sfu_rtp_packets_sent_total"  # summed over transport="udp"|"tcp"
            if name in names:
                out[names[name]] = out.get(names[name], 0) + int(float(parts[1]))
    return out
ok = True
for n in subs:
    j, l = load("janus", n), load("live", n)
    for peer, r in (("janus", j), ("live", l)):
        if r is None: continue
        f = fig(r, n)
        if peer == "live" and "server_rss_before_mb" in r:
            f["rss_added_per_sub_mb"] = round((r["janus_rss_mb"] - r["server_rss_before_mb"]) / int(n), 2)
        if peer == "live":
            f.update(live_counters(n))
        ok &= f["connected"] == int(n)
        print(f"RESULT sfu peer={peer} subscribers={n} seconds={secs} " + " ".join(f"{k}={v}" for k, v in f.items()))
    if j and l:
        fj, fl = fig(j, n), fig(l, n)
        ratio = lambda k: round(fl[k] / fj[k], 2) if fj[k] else "n/a"
        keys = ["cpu_us_per_pkt", "cpu_us_per_sent_pkt", "rss_per_sub_mb", "first_p50_ms", "first_p95_ms", "pkts_per_s"]
        # A ratio means something only when both servers fed every subscriber without loss (|loss| < 1 %, since
        # retransmitted duplicates make it negative); otherwise the load client or the machine was the limit.
        clean = all(f["connected"] == int(n) and f["active"] == int(n) and abs(f["loss_pct"]) < 1 for f in (fj, fl))
        r = ratio("cpu_us_per_pkt")
        print(f"RESULT sfu peer=live/janus subscribers={n} " + " ".join(f"{k}={ratio(k)}" for k in keys)
              + f" loss_pct={fl['loss_pct']}/{fj['loss_pct']} comparable={clean} target_cpu_ratio<=0.8 met="
              + (str(r != 'n/a' and r <= 0.8) if clean else "unknown"))
# Memory per added subscriber, from the slope between consecutive counts (baseline-free, fair to both servers).
for peer in ("janus", "live"):
    pts = [(int(n), load(peer, n)["janus_rss_mb"]) for n in subs if load(peer, n)]
    for (a, ra), (b, rb) in zip(pts, pts[1:]):
        print(f"RESULT sfu peer={peer} rss_slope_mb_per_sub[{a}->{b}]={round((rb - ra) / (b - a), 3)}")
sys.exit(0 if ok else 1)
PY
exit $status
