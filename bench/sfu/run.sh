#!/usr/bin/env bash
# Benchmark 3, SFU forwarding (docs/benchmarks.md): one WebRTC publisher (a VP8 ~1.5 Mbit/s + Opus clip, replayed by
# ffmpeg as RTP and sent over ICE + DTLS-SRTP by the load client) and N WebRTC subscribers, against Janus (Debian's
# janus, VideoRoom, tuned as its janus.jcfg documents for a server) and against Live, with the same load client and the
# same stream, Janus then Live for each N, in one invocation. Everything runs on 127.0.0.1 and needs nothing outside
# this repository: bench/sfu/janus/janus.sh installs and configures Janus, bench/SfuLoad is the load client.
#   bench/sfu/run.sh ["10 50 100 200 500"] [SECONDS=20]
#   bench/sfu/run.sh --smoke            5 subscribers, 5 s
# Env: PEERS="janus live" (or one of them), WORK=<dir> (default: a fresh mktemp -d, kept for its logs), CONC=10
#      (signaling and DTLS handshakes in flight), WARMUP_S=15, SKIP_BUILD=1.
# Output: `# …` progress, `MACHINE …`, then per N and peer `RESULT sfu peer=<janus|live> subscribers=N key=value…` and
# `RESULT sfu peer=live/janus subscribers=N …` with the ratios and comparable=True|False.
# Exit 0 only if every requested peer connected every subscriber at every N.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SUBS_LIST="10 50 100 200 500"; SECS=20
if [[ "${1:-}" == --smoke ]]; then SUBS_LIST=5; SECS=5; WARMUP_S=${WARMUP_S:-2}; shift; fi
[[ $# -ge 1 ]] && SUBS_LIST=$1
[[ $# -ge 2 ]] && SECS=$2
PEERS=${PEERS:-janus live}
# WARMUP_S (both peers): a fresh .NET process keeps its tiered-JIT thread busy for many seconds after the ramp, so the
# window starts 15 s after the last subscriber receives media; Janus gets the same warm-up.
CONC=${CONC:-10}; WARMUP_S=${WARMUP_S:-15}
for n in $SUBS_LIST; do [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 1000 ]] || { echo "sfu: subscribers must be 1..1000" >&2; exit 2; }; done
[[ "$SECS" =~ ^[0-9]+$ && "$SECS" -ge 1 && "$SECS" -le 600 ]] || { echo "sfu: seconds must be 1..600" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d /tmp/live-sfu-bench.XXXXXX)}
mkdir -p "$WORK"
log() { echo "# sfu $(date +%T) $*"; }
source bench/sfu/janus/janus.sh

# ------------------------------------------------------------------ prerequisites
if [[ -z "${SKIP_BUILD:-}" ]]; then
  for project in src/Gateway bench/SfuLoad; do
    if ! out=$(dotnet build -c Release "$project" -nologo -v q 2>&1); then echo "$out" | grep -E " error " | sort -u >&2; exit 1; fi
  done
fi
need=(); command -v ffmpeg >/dev/null || need+=(ffmpeg); command -v gcc >/dev/null || need+=(gcc libc6-dev)
if ((${#need[@]})); then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[[ " $PEERS " == *" janus "* ]] && janus_install
CLIENT=bench/SfuLoad/bin/Release/net10.0/Live.SfuLoad.dll

# The clip, encoded once per machine (20 s of 640x360 30 fps VP8 at 1.5 Mbit/s with noise so every frame costs bits,
# keyframe every 2 s, and 64 kbit/s Opus); both servers get these same bytes.
CLIP=${XDG_CACHE_HOME:-$HOME/.cache}/live-bench/sfu-clip-vp8-1500k-opus.webm
if [[ ! -f "$CLIP" ]]; then
  mkdir -p "$(dirname "$CLIP")"
  log "encoding the 20 s VP8 1.5 Mbit/s + Opus 64 kbit/s clip into $CLIP"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=30,noise=alls=30:allf=t+u" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 \
    -map 0:v -c:v libvpx -b:v 1500k -minrate 1500k -maxrate 1500k -bufsize 1500k -deadline realtime -cpu-used 8 -g 60 -keyint_min 60 \
    -map 1:a -c:a libopus -b:a 64k -ac 2 -ar 48000 "$CLIP.tmp.webm"
  mv "$CLIP.tmp.webm" "$CLIP"
fi

free_port() { python3 -c "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_$1);s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }

# The load client: all receive loops on one socket event thread (completions run inline on it), so its CPU is bounded
# by about one core plus the publisher's ffmpeg, DTLS handshake threads (ramp only) and the signaling; its CPU in the
# window is printed (client_cpu_pct) and a run where it neared a full core is marked not comparable.
run_client() { # PEER N URL PID [API_KEY] -> prints the RESULT_JSON line
  local peer=$1 n=$2 url=$3 pid=$4 key=${5:-}
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1 DOTNET_TieredPGO=1 \
    timeout $((SECS + WARMUP_S + 180 + n)) dotnet "$CLIENT" --peer "$peer" --url "$url" --server-pid "$pid" \
    --subscribers "$n" --seconds "$SECS" --warmup "$WARMUP_S" --clip "$CLIP" --concurrency "$CONC" ${key:+--api-key "$key"} \
    2> >(tee -a "$WORK/client-$peer-$n.log" >&2) | grep '^RESULT_JSON ' | tail -1
}

GW_PID=""
stop_live() {
  [[ -n "$GW_PID" ]] || return 0
  kill -TERM "$GW_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$GW_PID" 2>/dev/null || true
  wait "$GW_PID" 2>/dev/null || true
  GW_PID=""
}
trap 'stop_live; janus_stop' EXIT INT TERM

run_janus() { # N -> $WORK/janus-N.json
  local n=$1
  janus_start "$WORK/janus-$n" || return 1
  log "janus $JANUS_VERSION pid $JANUS_PID, event_loops=$JANUS_EVENT_LOOPS (= cores), $n subscribers for ${SECS}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local out rc=0
  out=$(run_client janus "$n" "$JANUS_URL" "$JANUS_PID") || rc=$?
  janus_stop
  [[ $rc -eq 0 && -n "$out" ]] || { echo "sfu: the janus run failed ($rc), see $WORK/client-janus-$n.log and $WORK/janus-$n/janus.log" >&2; return 1; }
  echo "${out#RESULT_JSON }" > "$WORK/janus-$n.json"
}

run_live() { # N -> $WORK/live-N.json
  local n=$1 key=bench-api-key-0123456789
  local http; http=$(free_port STREAM)
  ( cd src/Gateway/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      urls="http://127.0.0.1:$http" Live__Auth__ApiKey=$key \
      Live__Limits__HubConnects__Burst=100000 Live__Limits__MediaNegotiations__Burst=100000 Live__Limits__Api__Burst=100000 \
      Live__Auth__SigningKey=bench-signing-key-that-is-long-enough-0123456789 \
      Live__Cluster__SiloPort="$(free_port STREAM)" Live__Cluster__GatewayPort="$(free_port STREAM)" \
      Live__Media__UdpPort="$(free_port DGRAM)" Live__Media__BindAddress=127.0.0.1 \
      dotnet Live.Gateway.dll ) > "$WORK/live-gateway-$n.log" 2>&1 &
  GW_PID=$!
  local ok=""
  for _ in $(seq 1 900); do
    curl -sf -m 1 "http://127.0.0.1:$http/health/live" >/dev/null 2>&1 && { ok=1; break; }
    kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1
  done
  [[ -n "$ok" ]] || { echo "sfu: Live gateway did not start, see $WORK/live-gateway-$n.log" >&2; stop_live; return 1; }
  log "live gateway pid $GW_PID (workers: the silo's default), $n subscribers for ${SECS}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local out rc=0
  out=$(run_client live "$n" "http://127.0.0.1:$http" "$GW_PID" "$key") || rc=$?
  stop_live
  [[ $rc -eq 0 && -n "$out" ]] || { echo "sfu: the live run failed ($rc), see $WORK/client-live-$n.log" >&2; return 1; }
  echo "${out#RESULT_JSON }" > "$WORK/live-$n.json"
}

# ------------------------------------------------------------------ the runs, then one summary
status=0
echo "MACHINE nproc=$(nproc) mem=$(awk '/MemTotal/{printf "%.1fGiB",$2/1048576}' /proc/meminfo) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" dotnet=$(dotnet --version 2>/dev/null) janus=$(dpkg-query -W -f='${Version}' janus 2>/dev/null || echo none) janus_event_loops=${JANUS_EVENT_LOOPS:-$(nproc)} work=$WORK"
for n in $SUBS_LIST; do
  rm -f "$WORK/janus-$n.json" "$WORK/live-$n.json"
  if [[ " $PEERS " == *" janus "* ]]; then run_janus "$n" || status=1; fi
  if [[ " $PEERS " == *" live "* ]]; then run_live "$n" || status=1; fi
done
python3 bench/sfu/summarize.py "$WORK" "$SUBS_LIST" || status=1
exit $status
