#!/usr/bin/env bash
# Benchmark 4: failover of a session's media (docs/benchmarks.md). A throwaway PostgreSQL, 2 silos and 1 gateway as
# real processes, a host and a respondent publishing from headless Chromium (fake camera and microphone) and an observer
# watching; then N times: kill -9 the silo whose SFU carries the session, time until the session answers from a live
# silo and until the host's and the observer's video decode again on a new connection, put a fresh silo in its place.
# It runs the browser test MediaFailoverTests.MediaSilo_KilledHard_VideoDecodesAgainWithinTenSeconds (Release) with
# LIVE_FAILOVER_KILLS=N, and prints its [failover] lines and one RESULT line:
#   RESULT failover kills=N session-answer-ms p50=… max=… media-decoding-again-ms p50=… max=…
# Exit code: the test's (non-zero when a kill took longer than 10 s to decode again, issue #6's limit).
#   bench/failover.sh [--kills 5]
# No --smoke: one kill costs about 90 s here (cluster start, three pages, the kill), too much for CI's smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=5
while [[ $# -gt 0 ]]; do
  case $1 in
    --kills) kills=$2; shift ;;
    --smoke) echo "failover has no smoke mode (one kill takes about 90 s); run bench/run.sh failover --kills 1" >&2; exit 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $kills =~ ^[0-9]+$ && $kills -ge 1 && $kills -le 50 ]] || { echo "--kills takes 1..50" >&2; exit 2; }
command -v chromium >/dev/null || { echo "Chromium is missing: apt-get install chromium" >&2; exit 2; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 2; }

if ! out=$(dotnet build -c Release tests/Live.Tests.E2E -nologo -v q 2>&1); then echo "$out" | grep -E " error " | sort -u >&2; exit 1; fi
echo "MACHINE nproc=$(nproc) mem=$(awk '/MemTotal/ {printf "%.1fGiB", $2/1048576}' /proc/meminfo) load=$(cut -d' ' -f1-3 /proc/loadavg) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\" chromium=\"$(chromium --version 2>/dev/null | head -1)\""
status=0
LIVE_FAILOVER_KILLS=$kills timeout --kill-after=30s "${BENCH_TIMEOUT:-$((600 + kills * 180))}" \
  dotnet test tests/Live.Tests.E2E -c Release --no-build \
  --filter "FullyQualifiedName~MediaFailoverTests.MediaSilo_KilledHard_VideoDecodesAgainWithinTenSeconds" \
  --logger "console;verbosity=detailed" > /tmp/live-bench-failover.log 2>&1 || status=$?
grep -E "\[failover\]|RESULT failover|Error Message|Value not in range|Actual:" /tmp/live-bench-failover.log | sed 's/^ *//' || true
[[ $status -eq 0 ]] || echo "# failover: the test failed (exit $status); full output in /tmp/live-bench-failover.log" >&2
exit $status
