#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine of this project's kind (Debian 12 + .NET SDK 10).
# It installs and starts what the tests need, builds with warnings as errors, runs all test projects,
# and ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# Tests must never reach the internet: provider calls outside loopback fail loudly.
export ORCH_DENY_EXTERNAL_NETWORK=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Microsoft.Playwright must never download its own browsers; the browser tests drive Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Debian packages the suites need (installed once when missing; every server the tests use is started by the tests themselves).
need_packages=()
command -v node >/dev/null 2>&1 || need_packages+=(nodejs npm)
command -v git >/dev/null 2>&1 || need_packages+=(git)
# PostgreSQL server binaries: the observability tests initdb their own throwaway cluster on loopback.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_packages+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
# Budget ledger tests start their own redis-server on a free loopback port (tests/Orchestrator.Budgets.Tests).
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
# ... and a three-node Redis Cluster made with redis-cli --cluster create (redis-tools).
command -v redis-cli >/dev/null 2>&1 || need_packages+=(redis-tools)
# The /metrics tests start their own Prometheus on a free loopback port (the package's own service, if it starts, is not used).
command -v prometheus >/dev/null 2>&1 || need_packages+=(prometheus)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "installing ${need_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

log "build"
dotnet build Orchestrator.sln -nologo -v minimal

log "test"
out=$(mktemp)
set +e
dotnet test --solution Orchestrator.sln --no-build 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

total_of() { grep -E "^\s+$1: [0-9]+" "$out" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(total_of succeeded); failed=$(total_of failed); skipped=$(total_of skipped)
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
rm -f "$out"
exit "$status"
