#!/usr/bin/env bash
# Runs Live's benchmarks (docs/benchmarks.md): builds the gateway, the plain peer and the driver in Release, raises
# the open-file limit for thousands of loopback connections, and runs one benchmark or all of them.
#   bench/run.sh fanout [--observers 1000,5000,10000] [--seconds 20]
#   bench/run.sh votes [--voters 10000]
#   bench/run.sh join [--joins 20]          (Chromium: observer join → first decoded frame)
#   bench/run.sh paths [--joins 10] [--viewers 4] [--seconds 20] [--paths udp,tcp,relay]   (Chromium over udp, ICE-TCP
#                                           and a coturn relay: join → first frame, gateway CPU per forwarded packet)
#   bench/run.sh sfu [--subscribers 10,50,100,200,500] [--seconds 20]   (bench/sfu/run.sh: Live's SFU against Janus)
#   bench/run.sh failover [--kills 5]  kill -9 of the silo carrying a session's media, N times (bench/failover.sh)
#   bench/run.sh all --smoke        a few seconds, tiny counts (what CI runs; failover is not part of it)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh <fanout|votes|join|paths|sfu|failover|all> [--smoke] [options]" >&2; exit 2; }
# Benchmark 4 (failover) drives real processes and Chromium through a browser test: bench/failover.sh.
if [[ $1 == failover ]]; then shift; exec bench/failover.sh "$@"; fi

# Benchmark 3 (SFU forwarding) has a harness of its own: bench/sfu/run.sh (Janus via bench/sfu/janus/janus.sh, the load
# client bench/SfuLoad). Its options here:
# --smoke (5 subscribers, 5 s; inside `all --smoke` Janus is included only when it is already installed, so CI does
# not spend minutes in apt), --subscribers 10,50 and --seconds N; the other benchmarks' options are ignored by it.
run_sfu() {
  local smoke="" subs="10 50 100 200 500" secs=20 in_all=$1; shift
  while [[ $# -gt 0 ]]; do
    case $1 in
      --smoke) smoke=1 ;;
      --subscribers) subs=${2//,/ }; shift ;;
      --seconds) secs=$2; shift ;;
    esac
    shift
  done
  if [[ -n "$smoke" ]]; then
    if [[ -n "$in_all" ]] && ! command -v janus >/dev/null; then
      echo "# sfu smoke: janus is not installed, Live only (bench/run.sh sfu --smoke installs it)"
      PEERS=live SKIP_BUILD=1 bench/sfu/run.sh --smoke; return
    fi
    SKIP_BUILD=1 bench/sfu/run.sh --smoke; return
  fi
  SKIP_BUILD=1 bench/sfu/run.sh "$subs" "$secs"
}

# Each loopback connection holds a descriptor in the client and one in the server process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ "$(ulimit -n)" == unlimited || "$(ulimit -n)" -ge 65535 ]] || ulimit -n 65535 2>/dev/null || true

projects="src/Gateway bench/PlainHub bench/Live.Bench bench/SfuLoad"
[[ $1 == sfu ]] && projects="src/Gateway bench/SfuLoad"
for project in $projects; do
  if ! out=$(dotnet build -c Release "$project" -nologo -v q 2>&1); then echo "$out" | grep -E " error " | sort -u >&2; exit 1; fi
done
export -f run_sfu
# Overall bound: nothing the benchmarks start outlives this.
if [[ $1 == sfu ]]; then
  shift
  exec timeout --kill-after=30s "${BENCH_TIMEOUT:-3600}" bash -c 'run_sfu "" "$@"' run_sfu "$@"
fi
status=0
timeout --kill-after=30s "${BENCH_TIMEOUT:-3600}" \
  dotnet bench/Live.Bench/bin/Release/net10.0/Live.Bench.dll "$@" || status=$?
if [[ $1 == all ]]; then
  shift
  timeout --kill-after=30s "${BENCH_TIMEOUT:-3600}" bash -c 'run_sfu 1 "$@"' run_sfu "$@" || status=$?
fi
exit $status
