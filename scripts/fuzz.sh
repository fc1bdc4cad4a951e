#!/usr/bin/env bash
# Runs the parser fuzzers (STUN, RTP, RTCP, SDP, hub messages) for long: a million generated inputs per target by
# default, at the lowest CPU priority so that it can share a machine with builds. The suite runs the same targets with
# 20,000 inputs each (a few seconds). Prints one "[fuzz] target=… inputs=… crashes=… over-allocating=…" line per target;
# a crashing or over-allocating input is saved under $TMPDIR/live-fuzz/<target>/ and fails the run.
#   scripts/fuzz.sh                 1,000,000 inputs per target
#   scripts/fuzz.sh 5000000 42      5 million inputs per target, random seed 42 (replay a run with the same seed)
set -euo pipefail
cd "$(dirname "$0")/.."
export LIVE_FUZZ_INPUTS="${1:-1000000}"
export LIVE_FUZZ_SEED="${2:-20261207}"
status=0
for project in tests/Live.Tests.Unit tests/Live.Tests.Integration; do
  nice -n 19 dotnet test "$project" --nologo -v q --filter "Category=Fuzz" --logger "console;verbosity=detailed" 2>&1 \
    | grep -E "\[fuzz\]|Passed!|Failed!|^\s*Failed " || true
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
done
exit $status
