#!/usr/bin/env bash
# Runs Live's whole test suite on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need when it is missing (Chromium for the browser tests, ffmpeg for recordings,
# PostgreSQL for the cluster tests) and runs every test project.
#   scripts/test.sh          the whole suite (what CI runs)
#   scripts/test.sh --fast   unit and grain tests only (seconds)
set -euo pipefail
cd "$(dirname "$0")/.."

filter=""
if [[ "${1:-}" == "--fast" ]]; then
  # Deployment is left out too: its schema check installs Node packages (npm ci, ~20 s) on first use.
  excluded=(Browser Gateway Postgres Cluster Bench Deployment)
  filter=$(printf 'Category!=%s&' "${excluded[@]}"); filter=${filter%&}
  projects=(tests/Live.Tests.Unit tests/Live.Tests.Integration)
  # Say what runs: the unit tests (Media, Fuzz at suite size), the grain tests (Grain) and anything uncategorised.
  echo "--fast runs: ${projects[*]}, categories Grain, Fuzz and uncategorised (unit) tests"
  echo "--fast leaves out: ${excluded[*]} (real Kestrel, PostgreSQL, process clusters, browsers, benchmarks, npm)"
  echo "--fast filter: $filter"
else
  # One project after another: the cluster tests' processes and the browser tests' Chromium pages both want the
  # whole of a 2-core machine.
  projects=(tests/Live.Tests.Unit tests/Live.Tests.Integration tests/Live.Tests.E2E)
  need=()
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  # Firefox joins the browser tests (tests/Live.Tests.E2E/Firefox: Debian's ESR over WebDriver BiDi via puppeteer-core).
  [[ -x /usr/bin/firefox-esr ]] || need+=(firefox-esr)
  # Firefox shares a screen only when it has one: the screen-share tests run it windowed under Xvfb.
  [[ -x /usr/bin/xvfb-run ]] || need+=(xvfb)
  command -v ffprobe >/dev/null || need+=(ffmpeg)
  # The cluster tests start a throwaway PostgreSQL (scripts/pg-local.sh) from Debian's server binaries.
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
  # Screenshots kept as test artifacts show the reaction emoji only with a colour emoji font.
  [[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]] || need+=(fonts-noto-color-emoji)
  # The k8s schema check (scripts/k8s-validate), the SFU benchmark's smoke (werift) and the Firefox driver run on Node.
  command -v npm >/dev/null || need+=(nodejs npm)
  # The TURN relay tests start Debian's coturn on loopback ports.
  [[ -x /usr/bin/turnserver ]] || need+=(coturn)
  if (( ${#need[@]} )); then
    echo "Installing ${need[*]} (apt-get)…"
    sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  # The Firefox driver's pinned Node packages (FirefoxBrowser also runs this on first use when they are missing).
  if [[ ! -d tests/Live.Tests.E2E/Firefox/node_modules/puppeteer-core ]]; then
    (cd tests/Live.Tests.E2E/Firefox && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi

results=$(mktemp -d)
status=0
for project in "${projects[@]}"; do
  args=(test "$project" --nologo -v q --logger "console;verbosity=normal" --results-directory "$results")
  [[ -n "$filter" ]] && args+=(--filter "$filter")
  dotnet "${args[@]}" 2>&1 | tee -a "$results/output.log" | grep -E "^\s*(Passed|Failed|Skipped)!|^\s*Failed Live\.| error " || true
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
done

# One closing line for every project together.
count() { { grep -oE "$1: +[0-9]+" "$results/output.log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ "$failed" -eq 0 && "$passed" -gt 0 ]] || status=1
exit $status
