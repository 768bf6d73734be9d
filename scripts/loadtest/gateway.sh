#!/usr/bin/env bash
# Load test of the OpenAI-compatible gateway (not part of the test suite).
#
# Against one wire-level test server (tests/Orchestrator.Hosting.TestHost "wire": OpenAI protocol, every request
# answered at once), measures with wrk at 1, 16 and 64 connections, in the same run:
#   direct   - the wire server itself (the baseline)
#   gateway  - Orchestrator's gateway (Release build; virtual key, rate limiter, budgets on a Redis ledger with
#              user and global limits, the LLMOps log to SQLite) in front of it
#   portkey  - Portkey's gateway @portkey-ai/gateway@1.15.2 on Node (npm override @hono/node-server 1.13.5, Portkey
#              issue #1389), installed into a temp dir now and pointed at the same wire server as a custom host
# p50/p99 latency, req/s, CPU per request of the proxy process (utime+stime from /proc/PID/stat over the run /
# requests), the added latency (proxy minus direct), then the same for streamed requests ("stream": true, the wire
# server's 11-word reply as 14 SSE events) at STREAM_CONNS connections, and time to the first streamed chunk (curl
# time_starttransfer, median of 30 on one kept-alive connection).
#
#   baseline - optional: the same gateway from another build (BASELINE_DLL=path/to/Orchestrator.Hosting.TestHost.dll,
#              e.g. built from an earlier commit with git archive), configured the same way, for a before/after ratio
#              measured in one run on the same machine load
#   GATEWAY_ENV / BASELINE_ENV - optional: extra environment ("NAME=value ...") for the gateway / baseline process
#              only, e.g. to compare a runtime setting with BASELINE_DLL pointing at the same build
#   PORTKEY=0  - optional: leave Portkey out (no npm install), for A/B runs of Orchestrator builds or settings only
#   CONNS / STREAM_CONNS - optional: connection counts of the non-streamed runs (default "1 16 64") and of the
#              streamed runs (default "1 16"; empty skips them)
#
# Usage: bash scripts/loadtest/gateway.sh [seconds per run, default 10]   (needs wrk, node 20, npm, redis-server)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
WORK="$(mktemp -d /tmp/orch-loadtest.XXXXXX)"
source scripts/lib/processes.sh
cleanup() {
  stop_started
  rm -rf "$WORK"
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)

echo "== build (Release)" >&2
dotnet build -c Release tests/Orchestrator.Hosting.TestHost -v q -nologo >&2
HOST_DLL=tests/Orchestrator.Hosting.TestHost/bin/Release/net10.0/Orchestrator.Hosting.TestHost.dll

echo "== wire server" >&2
export ORCH_TESTHOST_WATCH_STDIN=0
dotnet "$HOST_DLL" wire < /dev/null > "$WORK/wire.out" 2>&1 &
WIRE_PID=$!; PIDS+=("$WIRE_PID")
for _ in $(seq 1 200); do grep -q LISTENING "$WORK/wire.out" && break; sleep 0.1; done
WIRE=$(awk '/LISTENING/{print $2}' "$WORK/wire.out"); WIRE=${WIRE%/}

echo "== redis (budget ledger)" >&2
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no < /dev/null > "$WORK/redis.log" 2>&1 &
PIDS+=("$!")

echo "== gateway" >&2
GW_PORT=$(free_port)
ADMIN=loadtest-admin-token-0123456789
export Orchestrator__Providers__cloud__Type=openai Orchestrator__Providers__cloud__BaseUrl="$WIRE/v1/" \
  Orchestrator__Providers__cloud__ApiKey=sk-loadtest-0123456789 Orchestrator__Providers__cloud__Models__0=gpt-test \
  Orchestrator__Models__0__Provider=cloud Orchestrator__Models__0__Id=gpt-test Orchestrator__Models__0__Tier=2 \
  Orchestrator__Models__0__InputPricePerMillion=0.15 Orchestrator__Models__0__OutputPricePerMillion=0.60 \
  Orchestrator__Models__0__ContextWindow=128000 Orchestrator__Models__0__MaxOutputTokens=4096 \
  Orchestrator__Routing__HealthChecks=false \
  Orchestrator__Budgets__Redis="127.0.0.1:$REDIS_PORT" \
  Orchestrator__Budgets__Limits__0__Scope=User Orchestrator__Budgets__Limits__0__Name='*' Orchestrator__Budgets__Limits__0__Period=Daily Orchestrator__Budgets__Limits__0__Limit=1000000 \
  Orchestrator__Budgets__Limits__1__Scope=Global Orchestrator__Budgets__Limits__1__Period=Monthly Orchestrator__Budgets__Limits__1__Limit=100000000 \
  Orchestrator__Gateway__SqlitePath="$WORK/keys.db" Orchestrator__Gateway__AdminToken="$ADMIN" \
  Gateway__LogSqlite="$WORK/llmops.db" Gateway__Embeddings=none \
  DOTNET_gcServer=1 DOTNET_TieredPGO=1
env ${GATEWAY_ENV:-} dotnet "$HOST_DLL" gateway "http://127.0.0.1:$GW_PORT" < /dev/null > "$WORK/gateway.out" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
for _ in $(seq 1 300); do grep -q LISTENING "$WORK/gateway.out" && break; sleep 0.1; done
new_key() { curl -s -X POST "http://127.0.0.1:$1/admin/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"user_id":"loadtest"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'; }
KEY=$(new_key "$GW_PORT")
TARGETS=(direct gateway)
if [ -n "${BASELINE_DLL:-}" ]; then
  echo "== baseline gateway ($BASELINE_DLL)" >&2
  BL_PORT=$(free_port)
  Orchestrator__Gateway__SqlitePath="$WORK/keys-baseline.db" Gateway__LogSqlite="$WORK/llmops-baseline.db" \
    env ${BASELINE_ENV:-} dotnet "$BASELINE_DLL" gateway "http://127.0.0.1:$BL_PORT" < /dev/null > "$WORK/baseline.out" 2>&1 &
  BL_PID=$!; PIDS+=("$BL_PID")
  for _ in $(seq 1 300); do grep -q LISTENING "$WORK/baseline.out" && break; sleep 0.1; done
  BL_KEY=$(new_key "$BL_PORT")
  TARGETS+=(baseline)
fi
if [ "${PORTKEY:-1}" != 0 ]; then
TARGETS+=(portkey)

echo "== portkey (npm, temp dir)" >&2
PK_PORT=$(free_port)
mkdir -p "$WORK/portkey"
cat > "$WORK/portkey/package.json" <<'JSON'
{ "name": "orch-loadtest-portkey", "private": true,
  "dependencies": { "@portkey-ai/gateway": "1.15.2" },
  "overrides": { "@hono/node-server": "1.13.5" } }
JSON
(cd "$WORK/portkey" && npm install --no-audit --no-fund --silent >&2)
(cd "$WORK/portkey" && NODE_ENV=production exec node node_modules/@portkey-ai/gateway/build/start-server.js --port="$PK_PORT" --headless < /dev/null > "$WORK/portkey.out" 2>&1) &
PK_PID=$!; PIDS+=("$PK_PID")   # exec: the subshell's pid is node's
wait_http "http://127.0.0.1:$PK_PORT/"
fi

BODY='{"model":"%s","max_tokens":32,"messages":[{"role":"user","content":"Say hello in one short sentence."}]}'
STREAM_BODY='{"model":"%s","stream":true,"max_tokens":32,"messages":[{"role":"user","content":"Say hello in one short sentence."}]}'
lua() { # $1 file, $2 model, $3 body template, rest: headers
  local file=$1 model=$2 body=$3; shift 3
  { printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$(printf "$body" "$model")"
    for h in "$@"; do printf 'wrk.headers["%s"] = "%s"\n' "${h%%:*}" "${h#*: }"; done; } > "$file"
}
for kind in "" stream; do
  body=$BODY; [ -n "$kind" ] && body=$STREAM_BODY
  lua "$WORK/direct$kind.lua" gpt-test "$body" "Authorization: Bearer sk-loadtest-0123456789"
  lua "$WORK/gateway$kind.lua" cloud/gpt-test "$body" "Authorization: Bearer $KEY"
  if [ -n "${BL_KEY:-}" ]; then lua "$WORK/baseline$kind.lua" cloud/gpt-test "$body" "Authorization: Bearer $BL_KEY"; fi
  lua "$WORK/portkey$kind.lua" gpt-test "$body" "Authorization: Bearer sk-loadtest-0123456789" "x-portkey-provider: openai" "x-portkey-custom-host: $WIRE/v1"
done
declare -A URL=([direct]="$WIRE/v1/chat/completions" [gateway]="http://127.0.0.1:$GW_PORT/v1/chat/completions" [portkey]="http://127.0.0.1:${PK_PORT:-}/v1/chat/completions")
declare -A PID=([direct]="$WIRE_PID" [gateway]="$GW_PID" [portkey]="${PK_PID:-}")
if [ -n "${BL_KEY:-}" ]; then URL[baseline]="http://127.0.0.1:$BL_PORT/v1/chat/completions"; PID[baseline]="$BL_PID"; fi

# curl arguments per target, for the sanity check and the first-chunk timing.
curl_args() { # $1 target, $2 body template
  local model=gpt-test auth=sk-loadtest-0123456789
  [ "$1" = gateway ] && { model=cloud/gpt-test; auth=$KEY; }
  [ "$1" = baseline ] && { model=cloud/gpt-test; auth=$BL_KEY; }
  ARGS=(-s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $auth" --data "$(printf "$2" "$model")")
  [ "$1" = portkey ] && ARGS+=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: $WIRE/v1")
  return 0
}
for t in "${TARGETS[@]}"; do
  curl_args "$t" "$BODY"
  out=$(curl "${ARGS[@]}" "${URL[$t]}")
  echo "$out" | grep -q '"choices"' || { echo "$t did not answer a chat completion: $out" >&2; exit 1; }
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| target | conns | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | CPU ms/req (proxy process) |\n|---|---|---|---|---|---|---|---|\n'
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v }'; }
declare -A P50 P99
run() { # $1 target, $2 connections, $3 lua suffix ("" or stream): one wrk run and its table row
  local t=$1 c=$2 kind=$3 threads before after out reqs rps p50 p99 errors cpu added50 added99
  threads=$(( c < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$c" -d3s -s "$WORK/$t$kind.lua" "${URL[$t]}" > /dev/null 2>&1 || true   # warm-up
  before=$(cpu_ticks "${PID[$t]}")
  out=$(wrk -t"$threads" -c"$c" -d"${DURATION}s" --latency -s "$WORK/$t$kind.lua" "${URL[$t]}")
  after=$(cpu_ticks "${PID[$t]}")
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(to_ms "$(echo "$out" | awk '/^ +50%/{print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '/^ +99%/{print $2}')")
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/{print}' | tr '\n' ' ')
  cpu=$(awk -v a="$after" -v b="$before" -v t="$TICK" -v n="$reqs" 'BEGIN{printf "%.3f", (a-b)*1000/t/n}')
  if [ "$t" = direct ]; then P50[${kind:-plain}]=$p50; P99[${kind:-plain}]=$p99; added50="-"; added99="-"; else
    added50=$(awk -v x="$p50" -v d="${P50[${kind:-plain}]}" 'BEGIN{printf "%.2f", x-d}'); added99=$(awk -v x="$p99" -v d="${P99[${kind:-plain}]}" 'BEGIN{printf "%.2f", x-d}'); fi
  printf '| %s | %s | %.0f | %.2f | %.2f | %s | %s | %s |%s\n' "$t" "$c" "$rps" "$p50" "$p99" "$added50" "$added99" "$cpu" "${errors:+ $errors}"
}
for c in ${CONNS-1 16 64}; do
  for t in "${TARGETS[@]}"; do run "$t" "$c" ""; done
done
if [ -n "${STREAM_CONNS-1 16}" ]; then
  echo
  printf '| target (streamed) | conns | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | CPU ms/req (proxy process) |\n|---|---|---|---|---|---|---|---|\n'
  for c in ${STREAM_CONNS-1 16}; do
    for t in "${TARGETS[@]}"; do run "$t" "$c" stream; done
  done
fi

echo
printf '| target | time to first streamed chunk, median of 30, kept-alive (ms) | added (ms) |\n|---|---|---|\n'
declare -A TTFT
for t in "${TARGETS[@]}"; do
  curl_args "$t" "$STREAM_BODY"
  # One curl, 31 transfers on one kept-alive connection (as an SDK would): connection setup is not counted; the
  # first transfer is dropped as warm-up.
  many=(); for _ in $(seq 1 31); do many+=("${URL[$t]}" -o /dev/null); done
  mapfile -t samples < <(curl "${ARGS[@]}" -N -w '%{time_starttransfer}\n' "${many[@]}" | tail -n +2)
  TTFT[$t]=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END{printf "%.2f", a[int((NR+1)/2)]*1000}')
  added=$([ $t = direct ] && echo "-" || awk -v x="${TTFT[$t]}" -v d="${TTFT[direct]}" 'BEGIN{printf "%.2f", x-d}')
  printf '| %s | %s | %s |\n' "$t" "${TTFT[$t]}" "$added"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
