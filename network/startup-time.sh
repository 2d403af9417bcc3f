#!/usr/bin/env bash
# Start-up time of the whole system (issue 7): from `LEDGER=double network/system.sh up` to the
# first telemetry batch anchored on the ledger. The ledger is the test double, not Fabric (no
# Fabric network can run here, README Status). Uses a state directory and ports of its own, and
# stops and deletes that system again however it ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: network/startup-time.sh [--out FILE] [--timeout-seconds N]

Runs `LEDGER=double network/system.sh up` (build included, as a user runs it) in a state directory
of its own on ports 35432 (PostgreSQL), 31883 (Mosquitto), 38080 (gateway) and 37051 (ledger test
double), then waits for the gateway's first anchored batch (gateway_anchor_batches_anchored_total).
Prints the seconds to `up` returning and to the first anchor, writes them as JSON to FILE if
given, then stops that system and deletes its state.

  --out FILE             JSON result
  --timeout-seconds N    give up waiting for the first anchor after N seconds (default 300)
EOF
}

log() { printf '[startup] %s\n' "$*"; }

out=""
timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a file}; shift 2 ;;
    --timeout-seconds) timeout=${2:?--timeout-seconds needs a number}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

export STATE_DIR="$root/.state/startup-time" POSTGRES_PORT=35432 MQTT_PORT=31883 GATEWAY_PORT=38080 \
  LEDGER=double LEDGER_DOUBLE_PORT=37051
system() { "$root/network/system.sh" "$@"; }
finish() { system down >/dev/null 2>&1 || true; rm -rf "$STATE_DIR"; }
trap finish EXIT
trap 'exit 130' INT TERM

# Leftovers of an interrupted run would make `up` refuse the ledger double's lost data.
finish
now_ms() { date +%s%3N; }
started=$(now_ms)
log "LEDGER=double network/system.sh up (its output: .state/startup-time.log)"
system up >"$root/.state/startup-time.log" 2>&1 || { tail -20 "$root/.state/startup-time.log" >&2; exit 1; }
up_returned=$(now_ms)

token=$(cat "$STATE_DIR/api/operator.token")
anchored() {
  curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$GATEWAY_PORT/actuator/prometheus" \
    | awk '/^gateway_anchor_batches_anchored_total/ { total += $2 } END { exit !(total >= 1) }'
}
until anchored; do
  if [ $(( $(now_ms) - started )) -gt $(( timeout * 1000 )) ]; then
    log "no batch anchored within $timeout s"
    exit 1
  fi
  sleep 0.2
done
first_anchor=$(now_ms)

up_seconds=$(awk -v a="$started" -v b="$up_returned" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
anchor_seconds=$(awk -v a="$started" -v b="$first_anchor" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
log "up returned after $up_seconds s; first batch anchored on the ledger test double after $anchor_seconds s"
if [ -n "$out" ]; then
  jq -n --argjson up "$up_seconds" --argjson anchored "$anchor_seconds" \
    '{ledger: "ContractPeer test double, not Fabric", upReturnedSeconds: $up, firstAnchoredBatchSeconds: $anchored}' \
    >"$out"
fi
