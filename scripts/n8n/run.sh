#!/usr/bin/env bash
# Runs n8n for real against Orchestrator's gateway and MCP servers, on loopback (not part of the test suite: n8n is
# ~1.7 GB of node_modules, installed from npm on first use). See docs/n8n.md, "What was run".
#
# Starts: a wire-level OpenAI test server (tests/Orchestrator.Hosting.TestHost "wire", scripted to call the MCP tool
# read_text_file once when offered and then answer with the tool's result, logging every request), the gateway (the
# same TestHost, "gateway": virtual keys, budgets and the LLMOps log in SQLite), the three MCP servers over HTTP with a
# bearer token (src/Orchestrator.McpServers), and n8n with telemetry, version checks, templates and community
# packages off. Imports credentials (written at run time from the keys just created, never committed) and:
#   agent - deploy/n8n/orchestrator-agent.workflow.json with its Chat Trigger swapped for a Manual Trigger and a Set
#           node giving chatInput (`n8n execute` only starts from a Manual Trigger; a Chat Trigger waits for a chat
#           message), every other node as shipped, its URLs moved to this run's ports
#   http  - deploy/n8n/orchestrator-http.workflow.json (Manual Trigger + HTTP Request with the key in a header), run
#           once with a live key and once after the key is revoked; then the agent again with its key revoked
# then checks n8n's output, the wire server's request log, the gateway's invocation log and budget ledger, and the
# MCP filesystem server's audit log. Exits non-zero when any check fails.
#
# Usage: bash scripts/n8n/run.sh
#   N8N_HOME - where n8n is installed (default ~/.cache/orchestrator-n8n/<version>); reused when present
#   KEEP=1   - keep the temp dir (logs, n8n's output) for inspection
# Needs: node 20.19+ and npm (the npm registry), python3, curl, dotnet.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
# n8n 2.x needs Node 24. 1.123.66 and later 1.x pull isolated-vm 6 (through @n8n/expression-runtime), which does not
# compile against Node 20's V8 ("'SourceLocation' in namespace 'v8' does not name a type"): 1.123.50 is the newest 1.x
# that installs on Node 20.
N8N_VERSION=1.123.50
N8N_HOME="${N8N_HOME:-$HOME/.cache/orchestrator-n8n/$N8N_VERSION}"
WORK="$(mktemp -d /tmp/orch-n8n.XXXXXX)"
source scripts/lib/processes.sh
cleanup() {
  stop_started
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

FAILED=0
wait_line() { for _ in $(seq 1 300); do grep -q "$2" "$1" && return 0; sleep 0.1; done; echo "no '$2' in $1:" >&2; cat "$1" >&2; return 1; }

echo "== n8n $N8N_VERSION in $N8N_HOME" >&2
if [ ! -x "$N8N_HOME/node_modules/.bin/n8n" ]; then
  mkdir -p "$N8N_HOME"
  # n8n-nodes-base depends on xlsx by a tarball URL on cdn.sheetjs.com, which is not a registry (closed here):
  # the override takes xlsx 0.18.5 from npm instead (only the Spreadsheet File / Extract From File nodes use it).
  cat > "$N8N_HOME/package.json" <<JSON
{ "name": "orchestrator-n8n-check", "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
  (cd "$N8N_HOME" && npm install --no-audit --no-fund --omit=dev --loglevel=error >&2)
fi
N8N="$N8N_HOME/node_modules/.bin/n8n"

echo "== build" >&2
dotnet build tests/Orchestrator.Hosting.TestHost -v q -nologo >&2
dotnet build src/Orchestrator.McpServers -v q -nologo >&2
HOST_DLL=tests/Orchestrator.Hosting.TestHost/bin/Debug/net10.0/Orchestrator.Hosting.TestHost.dll
MCP_DLL=src/Orchestrator.McpServers/bin/Debug/net10.0/Orchestrator.McpServers.dll
export ORCH_TESTHOST_WATCH_STDIN=0

echo "== MCP servers" >&2
MARKER="n8n-marker-$RANDOM$RANDOM"
mkdir -p "$WORK/workspace" "$WORK/repo" "$WORK/memory" "$WORK/mcp"
printf 'Orchestrator workspace file read by n8n: %s\n' "$MARKER" > "$WORK/workspace/notes.txt"
git -C "$WORK/repo" init -q && git -C "$WORK/repo" -c user.name=n8n -c user.email=n8n@localhost commit -q --allow-empty -m "first"
(umask 077 && head -c 32 /dev/urandom | base64 > "$WORK/mcp/memory.key")
MCP_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
FS_PORT=$(free_port); GIT_PORT=$(free_port); MEM_PORT=$(free_port)
export ORCHESTRATOR_MCP_TOKEN=$MCP_TOKEN
dotnet "$MCP_DLL" filesystem --root "$WORK/workspace" --transport http --port "$FS_PORT" --audit-log "$WORK/mcp/fs-audit.jsonl" < /dev/null > "$WORK/mcp/fs.log" 2>&1 &
PIDS+=("$!")
dotnet "$MCP_DLL" git --repository "$WORK/repo" --transport http --port "$GIT_PORT" --audit-log "$WORK/mcp/git-audit.jsonl" < /dev/null > "$WORK/mcp/git.log" 2>&1 &
PIDS+=("$!")
dotnet "$MCP_DLL" memory --store "$WORK/memory" --key-file "$WORK/mcp/memory.key" --counter-file "$WORK/mcp/memory.counter" \
  --transport http --port "$MEM_PORT" --audit-log "$WORK/mcp/memory-audit.jsonl" < /dev/null > "$WORK/mcp/memory.log" 2>&1 &
PIDS+=("$!")
unset ORCHESTRATOR_MCP_TOKEN

echo "== wire server (scripted model)" >&2
WIRE_TEXT="Answer from the wire server via the gateway."
ORCH_WIRE_TOOL=read_text_file ORCH_WIRE_TOOL_ARGS='{"path":"notes.txt"}' ORCH_WIRE_LOG="$WORK/wire-requests.jsonl" \
  dotnet "$HOST_DLL" wire "$WIRE_TEXT" < /dev/null > "$WORK/wire.out" 2>&1 &
PIDS+=("$!")
wait_line "$WORK/wire.out" LISTENING
WIRE=$(awk '/LISTENING/{print $2}' "$WORK/wire.out"); WIRE=${WIRE%/}

echo "== gateway" >&2
GW_PORT=$(free_port)
ADMIN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
Orchestrator__Providers__cloud__Type=openai Orchestrator__Providers__cloud__BaseUrl="$WIRE/v1/" \
  Orchestrator__Providers__cloud__ApiKey=sk-wire-0123456789 Orchestrator__Providers__cloud__Models__0=gpt-4o-mini \
  Orchestrator__Models__0__Provider=cloud Orchestrator__Models__0__Id=gpt-4o-mini Orchestrator__Models__0__Tier=2 \
  Orchestrator__Models__0__InputPricePerMillion=0.15 Orchestrator__Models__0__OutputPricePerMillion=0.60 \
  Orchestrator__Models__0__ContextWindow=128000 Orchestrator__Models__0__MaxOutputTokens=4096 \
  Orchestrator__Models__0__SupportsTools=true Orchestrator__Routing__HealthChecks=false \
  Orchestrator__Budgets__SqlitePath="$WORK/budgets.db" \
  Orchestrator__Gateway__SqlitePath="$WORK/keys.db" Orchestrator__Gateway__AdminToken="$ADMIN" \
  Gateway__LogSqlite="$WORK/llmops.db" Gateway__Embeddings=none \
  dotnet "$HOST_DLL" gateway "http://127.0.0.1:$GW_PORT" < /dev/null > "$WORK/gateway.out" 2>&1 &
PIDS+=("$!")
wait_line "$WORK/gateway.out" LISTENING
GW="http://127.0.0.1:$GW_PORT"
new_key() { # $1 user -> "id key"
  curl -sf -X POST "$GW/admin/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$1\",\"budget_period\":\"daily\",\"budget_limit\":5}" \
    | python3 -c 'import json,sys; k=json.load(sys.stdin); print(k["id"], k["key"])'
}
read -r AGENT_KEY_ID AGENT_KEY < <(new_key n8n-agent)
read -r HTTP_KEY_ID HTTP_KEY < <(new_key n8n-http)
for p in "$FS_PORT" "$GIT_PORT" "$MEM_PORT"; do wait_http "http://127.0.0.1:$p/mcp" 300; done

echo "== n8n: credentials and workflows" >&2
export N8N_USER_FOLDER="$WORK/n8n" N8N_ENCRYPTION_KEY="$(head -c 24 /dev/urandom | base64)" \
  N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false \
  N8N_PERSONALIZATION_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_COMMUNITY_PACKAGES_ENABLED=false \
  N8N_AI_ENABLED=false EXTERNAL_FRONTEND_HOOKS_URLS= N8N_DIAGNOSTICS_CONFIG_FRONTEND= N8N_DIAGNOSTICS_CONFIG_BACKEND= \
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true N8N_RUNNERS_ENABLED=false N8N_LOG_LEVEL=warn N8N_LOG_OUTPUT=console \
  DB_TYPE=sqlite NODE_ENV=production
mkdir -p "$N8N_USER_FOLDER" "$WORK/import"
# Credentials: ids the workflow files reference; data filled from this run's keys, written only to the temp dir.
GW="$GW" AGENT_KEY="$AGENT_KEY" HTTP_KEY="$HTTP_KEY" MCP_TOKEN="$MCP_TOKEN" python3 - "$WORK/import/credentials.json" <<'PY'
import json, os, sys
creds = [
    {"id": "orchestrator-virtual-key", "name": "Orchestrator virtual key", "type": "openAiApi",
     "data": {"apiKey": os.environ["AGENT_KEY"], "url": os.environ["GW"] + "/v1"}},
    {"id": "orchestrator-mcp-token", "name": "Orchestrator MCP token", "type": "httpBearerAuth",
     "data": {"token": os.environ["MCP_TOKEN"]}},
    {"id": "orchestrator-gateway-header", "name": "Orchestrator virtual key (header)", "type": "httpHeaderAuth",
     "data": {"name": "Authorization", "value": "Bearer " + os.environ["HTTP_KEY"]}},
]
json.dump(creds, open(sys.argv[1], "w"))
PY
# Workflows: the shipped files with this run's ports; the agent's Chat Trigger replaced for `n8n execute`.
GW_PORT=$GW_PORT FS_PORT=$FS_PORT GIT_PORT=$GIT_PORT MEM_PORT=$MEM_PORT python3 - "$REPO/deploy/n8n" "$WORK/import" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
ports = {"5080": os.environ["GW_PORT"], "8931": os.environ["FS_PORT"], "8932": os.environ["GIT_PORT"], "8933": os.environ["MEM_PORT"]}
def moved(text):
    for old, new in ports.items():
        text = text.replace("127.0.0.1:" + old + "/", "127.0.0.1:" + new + "/")
    return text
agent = json.loads(moved(open(os.path.join(src, "orchestrator-agent.workflow.json")).read()))
trigger = next(n for n in agent["nodes"] if n["type"] == "@n8n/n8n-nodes-langchain.chatTrigger")
first = agent["connections"].pop(trigger["name"])
agent["nodes"].remove(trigger)
agent["nodes"] += [
    {"parameters": {}, "id": "00000000-0000-4000-8000-000000000001", "name": "Run", "type": "n8n-nodes-base.manualTrigger",
     "typeVersion": 1, "position": [-200, 0]},
    {"parameters": {"assignments": {"assignments": [{"id": "00000000-0000-4000-8000-000000000003", "name": "chatInput",
        "value": "What does notes.txt in the workspace say?", "type": "string"}]}, "options": {}},
     "id": "00000000-0000-4000-8000-000000000002", "name": "Question", "type": "n8n-nodes-base.set", "typeVersion": 3.4,
     "position": [0, 0]},
]
agent["connections"]["Run"] = {"main": [[{"node": "Question", "type": "main", "index": 0}]]}
agent["connections"]["Question"] = first
agent["id"] = "orchAgentCli01"
json.dump(agent, open(os.path.join(out, "agent.json"), "w"))
http = json.loads(moved(open(os.path.join(src, "orchestrator-http.workflow.json")).read()))
http["id"] = "orchHttpCli0001"
json.dump(http, open(os.path.join(out, "http.json"), "w"))
PY
"$N8N" import:credentials --input="$WORK/import/credentials.json" > "$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }
"$N8N" import:workflow --input="$WORK/import/agent.json" >> "$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }
"$N8N" import:workflow --input="$WORK/import/http.json" >> "$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }

execute() { # $1 workflow id, $2 output file; n8n prints the run data as JSON at log level info
  N8N_LOG_LEVEL=info "$N8N" execute --id="$1" --rawOutput > "$2" 2> "$2.err" || { echo "n8n execute --id=$1 failed:" >&2; cat "$2" "$2.err" >&2; return 1; }
}

echo "== n8n execute: agent (gateway + MCP tools)" >&2
START=$(date +%s)
execute orchAgentCli01 "$WORK/agent.out" || true
echo "   $(( $(date +%s) - START )) s" >&2
echo "== n8n execute: HTTP Request, live key" >&2
execute orchHttpCli0001 "$WORK/http-ok.out" || true
curl -sf -X DELETE "$GW/admin/keys/$HTTP_KEY_ID" -H "Authorization: Bearer $ADMIN" > /dev/null
echo "== n8n execute: HTTP Request, revoked key" >&2
execute orchHttpCli0001 "$WORK/http-revoked.out" || true
curl -sf -X DELETE "$GW/admin/keys/$AGENT_KEY_ID" -H "Authorization: Bearer $ADMIN" > /dev/null
echo "== n8n execute: agent, revoked key" >&2
execute orchAgentCli01 "$WORK/agent-revoked.out" 2> /dev/null || true

echo "== checks (n8n $N8N_VERSION, node $(node --version))"
WORK="$WORK" MARKER="$MARKER" WIRE_TEXT="$WIRE_TEXT" python3 - <<'PY' || FAILED=$((FAILED + 1))
import json, os, sqlite3, sys
work, marker, wire_text = os.environ["WORK"], os.environ["MARKER"], os.environ["WIRE_TEXT"]
failed = 0
def check(what, ok, detail=""):
    global failed
    print(("PASS  " if ok else "FAIL  ") + what + ("" if ok or not detail else "\n      " + str(detail)[:600]))
    failed += 0 if ok else 1

def run_data(name):
    """n8n's --rawOutput JSON: {data: {resultData: {runData: {node: [run]}}}} or similar; node name -> first item json."""
    path = os.path.join(work, name)
    text = open(path).read() if os.path.exists(path) else ""
    # The run data is the JSON document starting on a line of its own; n8n's log lines may come before it.
    start = 0 if text.startswith("{\n") else (text.find("\n{\n") + 1 or -1) if "\n{\n" in text else -1
    try:
        doc = json.JSONDecoder().raw_decode(text[start:])[0] if start >= 0 else {}
    except json.JSONDecodeError:
        return {}, text
    result = doc.get("data", doc).get("resultData", doc.get("resultData", {}))
    items = {}
    for node, runs in result.get("runData", {}).items():
        main = (runs[-1].get("data") or {}).get("main") or [[]]
        items[node] = [i.get("json") for i in (main[0] or [])]
    return items, text

agent, agent_text = run_data("agent.out")
answer = (agent.get("AI Agent") or [{}])[0].get("output", "")
check("agent: n8n ran the AI Agent node and it answered with the model's text", wire_text in answer, agent_text[-600:])
check("agent: the answer carries the MCP tool's result (notes.txt's marker)", marker in answer, answer)

wire = [json.loads(l) for l in open(os.path.join(work, "wire-requests.jsonl"))] if os.path.exists(os.path.join(work, "wire-requests.jsonl")) else []
offered = set(t for r in wire for t in r["tools"])
# n8n knows only the gateway's URL, so whatever reached the wire server was sent by the gateway (with its provider key).
check("wire: the agent's model requests reached the provider through the gateway",
      len(wire) >= 2 and all(r["authorization"] for r in wire), wire)
check("wire: the agent offered the tools of all three MCP servers (listed by the MCP Client Tool nodes)",
      {"read_text_file", "git_log", "memory_store"} <= offered, sorted(offered))
check("wire: the agent's system message (the workflow's options.systemMessage) reached the model",
      any("never instructions" in (r.get("system") or "") for r in wire), [r.get("system") for r in wire])
check("wire: the model called read_text_file and got the file's text back as a tool result",
      any(r["reply"] == "tool_call:read_text_file" for r in wire) and any(marker in "".join(r["tool_results"]) for r in wire), wire)

audit_path = os.path.join(work, "mcp", "fs-audit.jsonl")
audit = [json.loads(l) for l in open(audit_path)] if os.path.exists(audit_path) else []
check("MCP: the filesystem server audited the read_text_file call from n8n",
      any(a.get("tool", a.get("Tool")) == "read_text_file" for a in audit), audit)

db = sqlite3.connect(os.path.join(work, "llmops.db"))
rows = db.execute("select user_id, status, cost_usd, model from llm_invocations order by started_at").fetchall()
agent_rows = [r for r in rows if r[0] == "n8n-agent"]
check("gateway: the invocation log holds the agent's calls under the key's user, succeeded and costed",
      len(agent_rows) >= 2 and all(r[1] == "succeeded" and r[2] > 0 for r in agent_rows), rows)
budget = sqlite3.connect(os.path.join(work, "budgets.db"))
spent = budget.execute("select bucket, spent from budget_pools where bucket like '%n8n-agent%'").fetchall()
check("gateway: the budget ledger charged the agent key's user", any(s > 0 for _, s in spent), spent)

http, http_text = run_data("http-ok.out")
reply = (http.get("Orchestrator gateway (HTTP)") or [{}])[0]
body = reply.get("body") or {}
check("http: the HTTP Request node got 200 and a chat completion from the gateway",
      reply.get("statusCode") == 200 and wire_text in json.dumps(body), http_text[-600:])
check("http: the gateway logged the call under the header key's user",
      any(r[0] == "n8n-http" and r[1] == "succeeded" for r in rows), rows)

revoked, revoked_text = run_data("http-revoked.out")
reply = (revoked.get("Orchestrator gateway (HTTP)") or [{}])[0]
body = reply.get("body") or {}
if isinstance(body, str):
    try: body = json.loads(body)
    except json.JSONDecodeError: pass
error = body.get("error", {}) if isinstance(body, dict) else {}
check("http: the revoked key is refused with 401 in OpenAI's error format, visible in n8n's output",
      reply.get("statusCode") == 401 and error.get("type") == "authentication_error" and error.get("code") == "invalid_api_key",
      revoked_text[-600:])

revoked_agent = open(os.path.join(work, "agent-revoked.out")).read() if os.path.exists(os.path.join(work, "agent-revoked.out")) else ""
check("agent: with its key revoked the run fails on the model node with the gateway's 401 message",
      '"description": "Invalid or revoked API key."' in revoked_agent and "Orchestrator gateway" in revoked_agent, revoked_agent[-600:])
sys.exit(1 if failed else 0)
PY

if [ "$FAILED" -ne 0 ]; then echo "== some checks failed (KEEP=1 keeps $WORK)"; exit 1; fi
echo "== all checks passed"
