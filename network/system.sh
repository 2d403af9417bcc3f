#!/usr/bin/env bash
# The project's two entry points: `up` runs the whole system on this machine on embedded defaults,
# `test` runs every test. Both install what a fresh machine lacks first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=network/system.env
source "$root/network/system.env"
state=$(cd "$root" && realpath -m "$STATE_DIR")
pids="$state/pids"
logs="$state/logs"

usage() {
  cat <<'EOF'
Usage: network/system.sh <command>
       LEDGER=double network/system.sh up

Commands:
  up       install prerequisites, build, and start PostgreSQL, Mosquitto, the gateway and simulated
           robots in the background; prints where each listens. Running it again is safe.
           (Fabric is not started: its binaries cannot be installed on this machine, see README.)
           With LEDGER=double it also starts the ledger TEST DOUBLE and connects the gateway to it:
           the embedded ledger (ledger-embedded), the real chaincode contract in one process.
           It is NOT Fabric (no endorsement policies, no orderer); its blocks are kept in the
           state directory; the provenance, lender and recall pages need it.
  down     stop every process `up` started (by recorded pid); data is kept
  status   show which of those processes run
  clean    `down`, then delete all state (database, broker data, robot keys, API tokens, logs)
  test     install prerequisites, run all tests (unit and integration) with Maven, then `e2e`
  e2e      the dashboard's browser tests: start an isolated system (its own state directory and
           ports, E2E_* in network/system.env) with the ledger test double, run
           dashboards/web/e2e.sh against it, stop it (also on failure); its logs stay in
           .state/e2e/logs until the next run

Ports and the state directory come from network/system.env and can be overridden from the environment.
Logs: .state/logs/<name>.log
HTTP API tokens (one per role, kept across runs): .state/api/<role>.token
EOF
}

log() { printf '[system] %s\n' "$*"; }
die() { printf '[system] error: %s\n' "$*" >&2; exit 1; }

# --- process bookkeeping: every process we start is recorded by pid, and only those are stopped ---

pid_of() {
  local file="$pids/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

require_free_port() {
  local name=$1 port=$2
  if port_in_use "$port"; then
    die "port $port (for $name) is already in use by another program; free it or set another port (see network/system.env)"
  fi
}

# Polls a readiness check of a process we started until it passes; fails at once if the process
# died, and after a time bound if it never becomes ready.
wait_ready() {
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    pid_of "$name" >/dev/null || die "$name exited during start-up; last lines of $logs/$name.log:
$(tail -n 15 "$logs/$name.log")"
    [ $SECONDS -lt $deadline ] || die "$name not ready after ${seconds}s (see $logs/$name.log)"
    sleep 0.2
  done
}

start_process() {
  local name=$1; shift
  mkdir -p "$pids" "$logs"
  nohup "$@" >>"$logs/$name.log" 2>&1 &
  echo $! >"$pids/$name.pid"
}

stop_process() {
  local name=$1 pid
  if pid=$(pid_of "$name"); then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; fi
      sleep 0.2
    done
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pids/$name.pid"
}

# --- PostgreSQL: the gateway's journal ---

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root; run its programs as the postgres user the package created.
# setpriv execs in place, so the pid we record is PostgreSQL's own.
as_postgres=()
[ "$(id -u)" -ne 0 ] || as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)

start_postgres() {
  local data="$state/postgres/data" bin
  bin=$(pg_bin)
  if pid_of postgres >/dev/null; then log "postgres already running"; return; fi
  require_free_port postgres "$POSTGRES_PORT"
  mkdir -p "$state/postgres" "$logs"
  [ "$(id -u)" -ne 0 ] || chown postgres "$state/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising the journal database in ${data#"$root"/}"
    "${as_postgres[@]}" "$bin/initdb" -D "$data" -U ledger --auth=trust -E UTF8 >/dev/null
  fi
  start_process postgres "${as_postgres[@]}" "$bin/postgres" -D "$data" -p "$POSTGRES_PORT" \
    -c listen_addresses="$BIND_HOST" -c unix_socket_directories="$state/postgres"
  wait_ready postgres 60 "$bin/pg_isready" -q -h "$BIND_HOST" -p "$POSTGRES_PORT"
  if ! "$bin/psql" -h "$BIND_HOST" -p "$POSTGRES_PORT" -U ledger -d postgres -tAc \
      "select 1 from pg_database where datname = 'ledger'" | grep -q 1; then
    "$bin/psql" -h "$BIND_HOST" -p "$POSTGRES_PORT" -U ledger -d postgres -qc "create database ledger"
  fi
  log "postgres listening on $BIND_HOST:$POSTGRES_PORT (database ledger, user ledger)"
}

# --- Mosquitto: the robots' broker ---

broker_access="$state/mosquitto/access"

# Every client logs in: each simulated robot with its own password and confined by the ACL to its
# own topics, the gateway as user `gateway` with read access to all robot topics. Existing
# passwords are kept when this runs again.
write_broker_access() {
  java -jar "$(simulator_jar)" broker-access --robots "$SIM_ROBOTS" --credentials-dir "$broker_access" >/dev/null
}

start_mosquitto() {
  if pid_of mosquitto >/dev/null; then log "mosquitto already running"; return; fi
  require_free_port mosquitto "$MQTT_PORT"
  mkdir -p "$state/mosquitto/data"
  write_broker_access
  # Started as root, Mosquitto drops to its own user, which must be able to save its sessions
  # and read its password and ACL files.
  if [ "$(id -u)" -eq 0 ]; then
    chown mosquitto "$state/mosquitto/data" "$broker_access/mosquitto.passwd" "$broker_access/mosquitto.acl"
  fi
  cat >"$state/mosquitto/mosquitto.conf" <<EOF
per_listener_settings false
listener $MQTT_PORT $BIND_HOST
allow_anonymous false
password_file $broker_access/mosquitto.passwd
acl_file $broker_access/mosquitto.acl
persistence true
persistence_location $state/mosquitto/data/
autosave_interval 1
# Robots already hold PUBACKs for what is queued here while the gateway is away: keep all of it
# (the default of 1000 queued messages per session would drop the rest).
max_queued_messages 0
# Nagle off: a large QoS 1 message otherwise waits for the client's delayed ACK (about 40 ms).
set_tcp_nodelay true
log_dest stdout
EOF
  start_process mosquitto mosquitto -c "$state/mosquitto/mosquitto.conf"
  wait_ready mosquitto 30 port_in_use "$MQTT_PORT"
  log "mosquitto listening on $BIND_HOST:$MQTT_PORT (password login, per-robot topic ACL; credentials in ${broker_access#"$root"/})"
}

# --- HTTP API tokens: one bearer token per role; the gateway is given only their SHA-256 ---

api_access="$state/api"
api_roles=(operator retailer lender metrics)

# Existing tokens are kept. The hashes file is rewritten from the tokens each time, so a deleted
# token is replaced by a new one (a running gateway reads the file at start: restart it).
write_api_tokens() {
  local role token
  mkdir -p "$api_access"
  chmod 700 "$api_access"
  for role in "${api_roles[@]}"; do
    token="$api_access/$role.token"
    if [ ! -s "$token" ]; then
      (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$token")
    fi
    chmod 600 "$token"
  done
  {
    echo "# role name sha256-hex of the token: written by network/system.sh from .state/api/<role>.token"
    for role in "${api_roles[@]}"; do
      printf '%s %s %s\n' "$role" "$role" "$(tr -d '\n' <"$api_access/$role.token" | sha256sum | cut -d' ' -f1)"
    done
  } >"$api_access/token-hashes.tmp"
  mv "$api_access/token-hashes.tmp" "$api_access/token-hashes"
}

# curl as the operator; the token reaches curl on stdin, never on a command line others can see.
operator_curl() {
  printf 'Authorization: Bearer %s\n' "$(cat "$api_access/operator.token")" | curl -H @- "$@"
}

# --- the ledger test double (LEDGER=double, and always for e2e) ---

ledger_dir="$state/ledger-double"
ledger_jar() { ls "$root"/ledger-embedded/target/ledger-embedded-*.jar 2>/dev/null | grep -v -- '-plain' | head -1; }

ledger_double() { [ "$LEDGER" = double ]; }

ledger_notice() {
  log "NOTE: the ledger is a TEST DOUBLE, not Fabric: the embedded ledger (ledger-embedded) runs the real chaincode"
  log "      contract in one process (no endorsement policies, no orderer)."
  log "      Its blocks are kept in ${ledger_dir#"$root"/}. No Fabric network can run on this machine (README, Status)."
}

start_ledger_double() {
  if pid_of ledger-double >/dev/null; then log "ledger test double already running"; return; fi
  if pid_of gateway >/dev/null; then
    die "the gateway runs without the ledger test double; stop it first (network/system.sh down)"
  fi
  [ -n "$(ledger_jar)" ] || die "the ledger test double needs ledger-embedded's jar: network/system.sh up builds it"
  require_free_port ledger-double "$LEDGER_DOUBLE_PORT"
  mkdir -p "$ledger_dir"
  rm -f "$ledger_dir/ready"
  start_process ledger-double java -Xmx256m -jar "$(ledger_jar)" --port "$LEDGER_DOUBLE_PORT" --dir "$ledger_dir"
  wait_ready ledger-double 120 test -s "$ledger_dir/ready"
  log "ledger test double listening on $(cat "$ledger_dir/ready") (TLS; its CA and the gateway's identity in ${ledger_dir#"$root"/})"
  ledger_notice
}

# The gateway's ledger settings: the double's endpoint, TLS CA and the ManufacturerMSP identity it made.
ledger_settings() {
  ledger_double || return 0
  printf '%s\n' \
    "GATEWAY_LEDGER_PEERENDPOINT=$(cat "$ledger_dir/ready")" \
    "GATEWAY_LEDGER_TLSSERVERNAME=peer0.manufacturer.test" \
    "GATEWAY_LEDGER_TLSCACERTFILE=$ledger_dir/tls-ca.pem" \
    "GATEWAY_LEDGER_CERTIFICATEFILE=$ledger_dir/client-cert.pem" \
    "GATEWAY_LEDGER_PRIVATEKEYFILE=$ledger_dir/client-key.pem" \
    "GATEWAY_LEDGER_MSPID=ManufacturerMSP" \
    "GATEWAY_LEDGER_DESCRIPTION=TEST DOUBLE, not Fabric: the real chaincode in one process; its blocks are kept in ${ledger_dir#"$root"/}"
}

# --- the gateway and the simulated robots ---

gateway_jar() { ls "$root"/gateway-service/target/gateway-service-*.jar 2>/dev/null | grep -v -- '-plain' | head -1; }
simulator_jar() { ls "$root"/robot-agent/target/robot-agent-*-all.jar 2>/dev/null | head -1; }
gateway_url="http://$BIND_HOST:$GATEWAY_PORT"

build() {
  log "building (mvn package, tests skipped: network/system.sh test runs them)"
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package)
}

gateway_ready() { curl -fsS "$gateway_url/actuator/health/readiness" | grep -q '"UP"'; }

# One gateway here, so it takes a plain subscription: Mosquitto 2.0.11 was measured to drop QoS 1
# messages of a persisted shared subscription across a broker restart (gateway-service/README.md).
start_gateway() {
  local ledger_env=()
  write_api_tokens
  if pid_of gateway >/dev/null; then log "gateway already running"; return; fi
  require_free_port gateway "$GATEWAY_PORT"
  mapfile -t ledger_env < <(ledger_settings)
  GATEWAY_JOURNAL_JDBCURL="jdbc:postgresql://$BIND_HOST:$POSTGRES_PORT/ledger" \
  GATEWAY_JOURNAL_USERNAME=ledger \
  GATEWAY_MQTT_BROKERURL="tcp://$BIND_HOST:$MQTT_PORT" \
  GATEWAY_MQTT_SHAREDGROUP= \
  GATEWAY_MQTT_USERNAME=gateway GATEWAY_MQTT_PASSWORDFILE="$broker_access/gateway.password" \
  GATEWAY_API_TOKENSFILE="$api_access/token-hashes" \
  SERVER_ADDRESS="$BIND_HOST" SERVER_PORT="$GATEWAY_PORT" \
    start_process gateway env "${ledger_env[@]}" java -Xmx256m -jar "$(gateway_jar)"
  wait_ready gateway 120 gateway_ready
  log "gateway listening on $gateway_url ($(ledger_double && echo 'ledger: the TEST DOUBLE' || echo 'no ledger'))"
}

# Enrols the simulated robots (keys are created on first enrolment and kept in .state/robots)
# and registers their public keys with the gateway; registering the same key again is a no-op.
# Model, site, line and station are what the ledger's RegisterRobot records (required with a
# ledger, not kept without one): one station per robot on the simulator's site and line.
register_robots() {
  local enrolment
  enrolment=$(java -jar "$(simulator_jar)" enrol --robots "$SIM_ROBOTS" --state-dir "$state/robots")
  jq -c '.robots | to_entries[] | {robotId: .value.robotId, publicKey: .value.publicKeyPem,
           model: "simulated-arm-6ax", site: .value.site, line: .value.line,
           station: ("station-" + ((.key + 1) | tostring))}' <<<"$enrolment" | while read -r robot; do
    operator_curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$robot" "$gateway_url/api/robots" \
      || die "registering $(jq -r .robotId <<<"$robot") with the gateway failed"
  done
  log "registered $SIM_ROBOTS simulated robots"
}

start_robots() {
  if pid_of robots >/dev/null; then log "simulated robots already running"; return; fi
  register_robots
  start_process robots java -jar "$(simulator_jar)" --robots "$SIM_ROBOTS" --rate "$SIM_RATE_PER_ROBOT/s" \
    --events-every "$SIM_EVENTS_EVERY" --broker "tcp://$BIND_HOST:$MQTT_PORT" --credentials-dir "$broker_access" --state-dir "$state/robots" --duration 0s
  log "simulated robots publishing: $SIM_ROBOTS robots x $SIM_RATE_PER_ROBOT readings/s"
}

# --- commands ---

check_ledger_setting() {
  case "$LEDGER" in
    none|double) ;;
    *) die "LEDGER must be 'none' (the default) or 'double' (the ledger test double), was '$LEDGER'" ;;
  esac
}

up() {
  check_ledger_setting
  if ! ledger_double && pid_of ledger-double >/dev/null; then
    log "the ledger test double is running: the gateway stays connected to it (LEDGER=double)"
    LEDGER=double
  fi
  "$root/network/prerequisites.sh"
  log "Fabric: $("$root/network/fabric.sh" install >/dev/null 2>&1 && echo installed || echo 'binaries cannot be installed on this machine (network/fabric.sh install says why)')"
  if ledger_double; then
    log "LEDGER=double: the gateway gets the ledger TEST DOUBLE (not Fabric)"
  else
    log "running without a ledger (LEDGER=double network/system.sh up starts the ledger test double, not Fabric)"
  fi
  build
  start_postgres
  start_mosquitto
  if ledger_double; then start_ledger_double; fi
  start_gateway
  start_robots
  log "up."
  log "  dashboard:        $gateway_url/ (sign in with the token in ${api_access#"$root"/}/operator.token)"
  log "  API tokens:       ${api_access#"$root"/}/<role>.token for ${api_roles[*]} (the gateway holds only their hashes)"
  log "  call the API:     curl -H \"Authorization: Bearer \$(cat ${api_access#"$root"/}/operator.token)\" $gateway_url/api/robots"
  log "  API document:     $gateway_url/swagger-ui.html (OpenAPI: $gateway_url/v3/api-docs)"
  log "  live events:      $gateway_url/api/events (operator)"
  log "  ingestion status: $gateway_url/api/ingestion/status (operator)"
  log "  robots:           $gateway_url/api/robots (operator)"
  log "  dead letters:     $gateway_url/api/dead-letters (operator)"
  log "  metrics:          $gateway_url/actuator/prometheus (operator or metrics token)"
  log "  logs:             ${logs#"$root"/}/"
  if ledger_double; then
    log "  provenance:       $gateway_url/provenance.html, lender: $gateway_url/lender.html, recall: $gateway_url/recall.html"
    ledger_notice
  fi
  log "stop with: $([ "$state" = "$(realpath -m "$root/.state")" ] || printf 'STATE_DIR=%q ' "$STATE_DIR")network/system.sh down"
}

down() {
  local name
  # Robots first, so they stop publishing; the gateway before its ledger, broker and database.
  for name in robots gateway ledger-double mosquitto postgres; do stop_process "$name"; done
}

status() {
  local name pid
  for name in postgres mosquitto ledger-double gateway robots; do
    if pid=$(pid_of "$name"); then log "$name running (pid $pid)"; else log "$name stopped"; fi
  done
  if pid_of ledger-double >/dev/null; then ledger_notice; fi
}

clean() {
  down
  rm -rf "$state"
  log "state removed"
}

run_tests() {
  "$root/network/prerequisites.sh"
  cd "$root"
  mvn -B verify
  e2e
}

# The browser tests revoke a robot, so they get a system of their own, stopped afterwards
# whatever happens. A child process, so that system.env turns the E2E_* settings into its
# state directory and ports.
e2e() {
  STATE_DIR="$E2E_STATE_DIR" POSTGRES_PORT="$E2E_POSTGRES_PORT" MQTT_PORT="$E2E_MQTT_PORT" \
    GATEWAY_PORT="$E2E_GATEWAY_PORT" SIM_ROBOTS="$E2E_SIM_ROBOTS" SIM_EVENTS_EVERY="$E2E_SIM_EVENTS_EVERY" \
    LEDGER=double LEDGER_DOUBLE_PORT="$E2E_LEDGER_DOUBLE_PORT" "$root/network/system.sh" e2e-system
}

browser_tests() {
  [ -n "$(gateway_jar)" ] && [ -n "$(simulator_jar)" ] && [ -n "$(ledger_jar)" ] \
    || die "build first: mvn -B -DskipTests package"
  [ "$state" != "$(realpath -m "$root/.state")" ] || die "e2e needs its own STATE_DIR, not the one \`up\` uses"
  trap down EXIT
  trap 'exit 130' INT TERM
  # Leftovers of an interrupted run: stop what it recorded, then start from nothing.
  down
  rm -rf "$state"
  log "browser tests: isolated system in ${state#"$root"/}, gateway on port $GATEWAY_PORT"
  start_postgres
  start_mosquitto
  start_ledger_double
  start_gateway
  start_robots
  DASHBOARD_URL="$gateway_url" SIM_ROBOTS="$SIM_ROBOTS" DASHBOARD_LEDGER=double \
    DASHBOARD_TOKEN="$(cat "$api_access/operator.token")" DASHBOARD_RETAILER_TOKEN="$(cat "$api_access/retailer.token")" \
    DASHBOARD_LENDER_TOKEN="$(cat "$api_access/lender.token")" "$root/dashboards/web/e2e.sh"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  clean) clean ;;
  test) run_tests ;;
  e2e) e2e ;;
  e2e-system) browser_tests ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
