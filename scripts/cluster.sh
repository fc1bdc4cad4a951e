#!/usr/bin/env bash
# A local Live cluster on 127.0.0.1: a throwaway PostgreSQL, 3 silos, 2 gateways and a coturn TURN relay, each its own
# process.
#   scripts/cluster.sh start   build, start everything, wait until every /health/ready answers, print the URLs
#   scripts/cluster.sh stop    stop every process and delete the database
# State, logs and pids live in $LIVE_CLUSTER_DIR (default /tmp/live-cluster).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${LIVE_CLUSTER_DIR:-/tmp/live-cluster}"
pg_port="${LIVE_CLUSTER_PG_PORT:-55432}"
configuration="${LIVE_CLUSTER_CONFIGURATION:-Debug}"
silos=3
gateways=2
# Fixed keys so that every gateway accepts the same admin key and join tokens (local use only).
api_key="local-cluster-api-key-0123456789"
signing_key="local-cluster-signing-key-0123456789abcdef"
# The TURN relay (Debian's coturn): UDP+TCP on one port, TLS on another; its shared secret is generated at each start.
turn_port="${LIVE_CLUSTER_TURN_PORT:-34780}"
turn_tls_port="${LIVE_CLUSTER_TURN_TLS_PORT:-53490}"

stop() {
  if [[ -d "$dir/pids" ]]; then
    for pidfile in "$dir"/pids/*.pid; do
      [[ -e "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
    done
    # Silos leave the membership table cleanly on SIGTERM; give them a moment before the database goes.
    for pidfile in "$dir"/pids/*.pid; do
      [[ -e "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    done
  fi
  bash "$root/scripts/pg-local.sh" stop "$dir/pg"
  rm -rf "$dir"
}

# coturn with the TURN REST API scheme (use-auth-secret): the gateways mint short-lived credentials with the same secret,
# so no TURN password is stored anywhere. Loopback peers are allowed because every silo here is on 127.0.0.1.
start_turn() {
  if [[ ! -x /usr/bin/turnserver ]]; then
    echo "coturn is not installed (apt-get install coturn): starting without a TURN relay."
    return 0
  fi
  local turn="$dir/turn"
  mkdir -p "$turn"
  local secret
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=127.0.0.1 \
    -keyout "$turn/key.pem" -out "$turn/cert.pem" >/dev/null 2>&1
  (umask 077; cat >"$turn/turnserver.conf" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$turn_port
tls-listening-port=$turn_tls_port
alt-listening-port=0
alt-tls-listening-port=0
no-dtls
fingerprint
use-auth-secret
static-auth-secret=$secret
realm=live.local
no-cli
allow-loopback-peers
no-multicast-peers
cert=$turn/cert.pem
pkey=$turn/key.pem
log-file=$dir/logs/turn.log
simple-log
CONF
  )
  launch turn /usr/bin/turnserver -c "$turn/turnserver.conf" --no-stdout-log
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$turn_port") 2>/dev/null && break; sleep 0.1; done
  export Live__Turn__Secret="$secret"
  export Live__Turn__Urls__0="turn:127.0.0.1:$turn_port?transport=udp"
  export Live__Turn__Urls__1="turn:127.0.0.1:$turn_port?transport=tcp"
  export Live__Turn__Urls__2="turns:127.0.0.1:$turn_tls_port?transport=tcp"
  urls+=("turn turn:127.0.0.1:$turn_port (udp, tcp), turns:127.0.0.1:$turn_tls_port")
}

wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$dir/pids/$name.pid")" 2>/dev/null; then
      echo "$name exited; its log ($dir/logs/$name.log):" >&2; tail -20 "$dir/logs/$name.log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "$name did not become ready at $url/health/ready; see $dir/logs/$name.log" >&2
  return 1
}

launch() {
  local name=$1; shift
  (cd "$root" && exec setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null) &
  echo $! >"$dir/pids/$name.pid"
}

start() {
  [[ -e "$dir" ]] && { echo "$dir exists: the cluster is running (or left over); run: $0 stop" >&2; exit 1; }
  mkdir -p "$dir/logs" "$dir/pids"
  echo "Building…"
  dotnet build "$root/src/Gateway" -c "$configuration" -v q --nologo >"$dir/logs/build.log" 2>&1 \
    || { tail -20 "$dir/logs/build.log" >&2; exit 1; }
  silo_dll=$(ls "$root"/src/Silo/bin/$configuration/net*/Live.Silo.dll | head -1)
  gateway_dll=$(ls "$root"/src/Gateway/bin/$configuration/net*/Live.Gateway.dll | head -1)

  echo "Starting PostgreSQL on 127.0.0.1:$pg_port…"
  connection=$(bash "$root/scripts/pg-local.sh" start "$dir/pg" "$pg_port")

  export Live__Cluster__Provider=PostgreSql
  export Live__Cluster__ConnectionString="$connection"
  export Live__Cluster__ClusterId=live Live__Cluster__ServiceId=live
  export Live__Cluster__AdvertisedAddress=127.0.0.1
  export Logging__LogLevel__Default=Warning

  urls=()
  for i in $(seq 1 $silos); do
    http="http://127.0.0.1:$((5090 + i))"
    Live__Cluster__SiloPort=$((11110 + i)) Live__Cluster__GatewayPort=$((30000 + i)) Live__Media__UdpPort=$((40000 + i)) \
      launch "silo$i" dotnet "$silo_dll" --urls "$http"
    urls+=("silo$i $http")
  done
  for i in $(seq 1 $silos); do wait_ready "silo$i" "http://127.0.0.1:$((5090 + i))"; done

  start_turn
  for i in $(seq 1 $gateways); do
    http="http://127.0.0.1:$((5080 + i))"
    Live__Auth__ApiKey="$api_key" Live__Auth__SigningKey="$signing_key" \
      launch "gateway$i" dotnet "$gateway_dll" --urls "$http" --contentRoot "$root/src/Gateway"
    urls+=("gateway$i $http")
  done
  for i in $(seq 1 $gateways); do wait_ready "gateway$i" "http://127.0.0.1:$((5080 + i))"; done

  echo
  echo "Live cluster is running (logs in $dir/logs):"
  echo "  PostgreSQL  $connection"
  for entry in "${urls[@]}"; do
    set -- $entry
    case "$1" in
      silo*) echo "  $1       $2/metrics  $2/health/ready" ;;
      gateway*) echo "  $1    $2/#key=$api_key   (demo: $2/demo.html#key=$api_key)" ;;
      turn) shift; echo "  turn        $*" ;;
    esac
  done
  echo "Stop it with: scripts/cluster.sh stop"
}

case "${1:-}" in
  start) start ;;
  stop) stop; echo "Live cluster stopped." ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
