#!/usr/bin/env bash
# Start-up time of the whole system: from `network/system.sh up` to the first telemetry batch
# anchored on the ledger, cold (no state: crypto material, channel and chaincode made first; build
# included) and warm (`down`, then `up` again over the kept state). Uses a state directory and
# ports of its own, and stops and deletes that system again however it ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: network/startup-time.sh [--out FILE] [--timeout-seconds N]

Runs `network/system.sh up` (LEDGER as set, default auto: Fabric when FABRIC_HOME holds it) in a
state directory of its own on ports 35432 (PostgreSQL), 31883 (Mosquitto), 38080-38083 (gateways),
Fabric's ports moved by 5000 and 37451 (embedded ledger); waits for the manufacturer's gateway's
first anchored batch (gateway_anchor_batches_anchored_total), then `down` and `up` again and waits
for the next one. Prints the seconds, writes them as JSON to FILE if given, then stops that system
and deletes its state.

  --out FILE             JSON result
  --timeout-seconds N    give up waiting for an anchor after N seconds (default 300)
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
  FABRIC_PORT_OFFSET=5000 LEDGER_EMBEDDED_PORT=37451 LIGHTNING_PORT_OFFSET=-3000
output="$root/.state/startup-time.log"
system() { "$root/network/system.sh" "$@"; }
finish() { system clean >/dev/null 2>&1 || true; }
trap finish EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

anchored() {
  curl -fsS -H "Authorization: Bearer $(cat "$STATE_DIR/api/operator.token")" \
    "http://127.0.0.1:$GATEWAY_PORT/actuator/prometheus" \
    | awk '/^gateway_anchor_batches_anchored_total/ { total += $2 } END { exit !(total >= 1) }'
}

# Sets up_seconds and anchor_seconds for one `up`.
timed_up() {
  local started
  started=$(now_ms)
  system up >>"$output" 2>&1 || { tail -20 "$output" >&2; exit 1; }
  up_seconds=$(seconds_since "$started")
  until anchored; do
    [ $(( $(now_ms) - started )) -le $(( timeout * 1000 )) ] || { log "no batch anchored within $timeout s"; exit 1; }
    sleep 0.2
  done
  anchor_seconds=$(seconds_since "$started")
}

# Leftovers of an interrupted run: start from nothing.
finish
mkdir -p "$root/.state"
: >"$output"
log "cold: network/system.sh up with no state (its output: ${output#"$root"/})"
timed_up
cold_up=$up_seconds cold_anchor=$anchor_seconds
ledger=$(cat "$STATE_DIR/ledger")
log "cold ($ledger ledger): up returned after $cold_up s; first batch anchored after $cold_anchor s"
system down >>"$output" 2>&1
log "warm: network/system.sh up over the kept state"
timed_up
log "warm ($ledger ledger): up returned after $up_seconds s; first batch anchored after $anchor_seconds s"
if [ -n "$out" ]; then
  jq -n --arg ledger "$ledger" --argjson coldUp "$cold_up" --argjson coldAnchor "$cold_anchor" \
    --argjson warmUp "$up_seconds" --argjson warmAnchor "$anchor_seconds" \
    '{ledger: $ledger, cold: {upReturnedSeconds: $coldUp, firstAnchoredBatchSeconds: $coldAnchor},
      warm: {upReturnedSeconds: $warmUp, firstAnchoredBatchSeconds: $warmAnchor}}' >"$out"
fi
