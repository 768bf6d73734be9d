# Sourced by the by-hand scripts (scripts/loadtest/gateway.sh, scripts/n8n/run.sh): the background processes they
# start (append each PID to PIDS; stop_started ends them all), free loopback ports, and waiting for an HTTP answer.
PIDS=()
stop_started() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# wait_http URL [tries, 0.1 s apart; default 200]
wait_http() { for _ in $(seq 1 "${2:-200}"); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
