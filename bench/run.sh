#!/usr/bin/env bash
# Runs Live's benchmarks (docs/benchmarks.md): builds the gateway, the plain peer and the driver in Release, raises
# the open-file limit for thousands of loopback connections, and runs one benchmark or all of them.
#   bench/run.sh fanout [--observers 1000,5000,10000] [--seconds 20]
#   bench/run.sh votes [--voters 10000]
#   bench/run.sh all --smoke        a few seconds, tiny counts (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh <fanout|votes|all> [--smoke] [options]" >&2; exit 2; }

# Each loopback connection holds a descriptor in the client and one in the server process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ "$(ulimit -n)" == unlimited || "$(ulimit -n)" -ge 65535 ]] || ulimit -n 65535 2>/dev/null || true

for project in src/Gateway bench/PlainHub bench/Live.Bench; do
  if ! out=$(dotnet build -c Release "$project" -nologo -v q 2>&1); then echo "$out" | grep -E " error " | sort -u >&2; exit 1; fi
done
# Overall bound: nothing the benchmarks start outlives this.
timeout --kill-after=30s "${BENCH_TIMEOUT:-3600}" \
  dotnet bench/Live.Bench/bin/Release/net10.0/Live.Bench.dll "$@"
