#!/usr/bin/env bash
# Failover rounds with real processes on a throwaway PostgreSQL: 3 silos, 2 gateways, a focus group under load
# (a host, 3 respondents, 30 observers), then ROUNDS rounds of a random kill -9 (the session's silo, another silo or
# a gateway) and a restart. The checker compares every acknowledged write with the final state and the test prints
# one RESULT line with the figures. The suite runs the same test with one round.
#
#   bash scripts/failover-rounds.sh        # 10 rounds
#   ROUNDS=3 bash scripts/failover-rounds.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-10}"
configuration="${LIVE_CLUSTER_CONFIGURATION:-Debug}"
dotnet build "$root/tests/Live.Tests.Integration" -c "$configuration" -v q --nologo >/dev/null
set +e
LIVE_FAILOVER_ROUNDS="$rounds" dotnet test "$root/tests/Live.Tests.Integration" -c "$configuration" --no-build \
  --filter "FullyQualifiedName~FailoverTests.FocusGroup_SiloAndGatewayKilled_NoAcknowledgedWriteLost" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "\[failover\]|Passed!|Failed!|Error Message|Exception"
exit "${PIPESTATUS[0]}"
