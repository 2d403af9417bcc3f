#!/usr/bin/env bash
# The project's two entry points: `up` runs the whole system on this machine, `test` runs every
# test. Both install what a fresh machine lacks first.
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

Commands:
  up [--containers]
           install prerequisites, build, and start the ledger, PostgreSQL, Mosquitto, one gateway per
           organisation (manufacturer, retailer, lender, oracle), each as its own ledger identity
           with its own read model, the simulated robots and shipping desks, in the background; prints where each
           listens and how to sign in. Running it again is safe; after `down` it resumes.
           The ledger (LEDGER):
             auto      (default) Fabric when FABRIC_HOME holds its binaries, else the embedded ledger
             fabric    the project's Fabric network (network/fabric.sh): 3 orderers, 3 peers, the
                       chaincode as a service; fails when FABRIC_HOME lacks Fabric
             embedded  the embedded ledger: the real chaincode in one process, blocks kept on disk;
                       NOT Fabric (no endorsement policies, no orderer)
           A state folder keeps the ledger it was first used with; `clean` to change it.
           --containers: the same system on container hosts (Podman, network/containers.sh
           installs it and builds the images), one per organisation: its peer, chaincode
           service, gateway and PostgreSQL, one per orderer, the broker's, the
           simulated robots', btcd's and each lnd node's; on Fabric only (FABRIC_HOME). Prints each host. Ports
           as above, on SYSTEM_CONTAINER_SUBNET (network/system.env). A state folder keeps its
           placement: `down`, `status`, `clean` and `sign-in` follow it.
  down     stop every process `up` started, in reverse order (by recorded pid); all data is kept
  status   show which of those processes run
  clean    `down`, then delete all state (ledger, databases, broker data, robot keys, API tokens, logs)
  sign-in  print a fresh sign-in link per organisation (a one-time code, good for an hour)
  revoke-robot <robotId>
           take a robot out of service: revoke its key on the ledger and its broker certificate
  test     install prerequisites, run all tests (unit and integration) with Maven, the Fabric tier
           when FABRIC_HOME holds Fabric, the container tier where Podman can work (network/containers.sh
           installs it and builds the images; CONTAINERS_TIER=off skips the tier), then `e2e` on Fabric
           (when installed) and on the embedded ledger (schemathesis on the first of them only)
  e2e      the dashboard's browser tests: start an isolated system (its own state directory and
           ports, E2E_* in network/system.env) on the ledger LEDGER resolves to, run
           dashboards/web/e2e.sh against it, then schemathesis against each gateway
           (network/schemathesis.sh; skipped, saying why, when it cannot be installed, or when
           E2E_SCHEMATHESIS is not `on`), stop it
           (also on failure); its logs stay in .state/e2e/logs until the next run

Ports and the state directory come from network/system.env and can be overridden from the environment.
Logs: .state/logs/<name>.log
HTTP API tokens (one per role, kept across runs): .state/api/<role>.token
EOF
}

log() { printf '[system] %s\n' "$*"; }
die() { printf '[system] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=network/lib/processes.sh
source "$root/network/lib/processes.sh"

# --- PostgreSQL: each gateway's journal and read model, one database per organisation ---

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root; run its programs as the postgres user the package created.
# setpriv execs in place, so the pid we record is PostgreSQL's own.
as_postgres=()
[ "$(id -u)" -ne 0 ] || as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)

# The manufacturer's database keeps the name it had when it was the only gateway.
database_of() { if [ "$1" = manufacturer ]; then echo ledger; else echo "ledger_$1"; fi; }

create_database() {
  local name=$1 bin
  bin=$(pg_bin)
  if ! "$bin/psql" -h "$BIND_HOST" -p "$POSTGRES_PORT" -U ledger -d postgres -tAc \
      "select 1 from pg_database where datname = '$name'" | grep 1 >/dev/null; then
    "$bin/psql" -h "$BIND_HOST" -p "$POSTGRES_PORT" -U ledger -d postgres -qc "create database $name"
  fi
}

start_postgres() {
  local data="$state/postgres/data" bin org
  bin=$(pg_bin)
  if pid_of postgres >/dev/null; then log "postgres already running"; return; fi
  require_free_port postgres "$BIND_HOST" "$POSTGRES_PORT"
  mkdir -p "$state/postgres" "$logs"
  [ "$(id -u)" -ne 0 ] || chown postgres "$state/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising the databases in ${data#"$root"/}"
    "${as_postgres[@]}" "$bin/initdb" -D "$data" -U ledger --auth=trust -E UTF8 >/dev/null
  fi
  start_process postgres "${as_postgres[@]}" "$bin/postgres" -D "$data" -p "$POSTGRES_PORT" \
    -c listen_addresses="$BIND_HOST" -c unix_socket_directories="$state/postgres"
  wait_ready postgres 60 "$bin/pg_isready" -q -h "$BIND_HOST" -p "$POSTGRES_PORT"
  for org in "${orgs[@]}"; do create_database "$(database_of "$org")"; done
  log "postgres listening on $BIND_HOST:$POSTGRES_PORT (user ledger; a database per organisation)"
}

# --- Mosquitto: the robots' broker ---

broker_access="$state/mosquitto/access"

# Every client logs in over TLS by its own certificate from the broker's CA, whose common name is
# its user name: each simulated robot, confined by the ACL to its own topics, and the gateway as
# user `gateway` with read access to all robot topics. No password logs in. Existing certificates
# are kept when this runs again. The broker's certificate names $BIND_HOST, localhost and the host
# names given.
write_broker_access() {
  java -jar "$(simulator_jar)" broker-access --robots "$SIM_ROBOTS" --credentials-dir "$broker_access" \
    --tls-host "$(IFS=,; echo "$BIND_HOST,localhost${*:+,$*}")" >/dev/null
}

# The broker's configuration for a listener line ($1): TLS with a certificate per client, the ACL,
# the queue limits.
broker_config() {
  cat <<EOF
per_listener_settings false
allow_anonymous false
acl_file $broker_access/mosquitto.acl
# TLS only: a client logs in by a certificate from the broker's CA, not on the revocation list.
$1
cafile $broker_access/ca-cert.pem
certfile $broker_access/broker-cert.pem
keyfile $broker_access/broker-key.pem
crlfile $broker_access/revoked.crl
require_certificate true
use_identity_as_username true
tls_version tlsv1.3
persistence true
persistence_location $state/mosquitto/data/
# Mosquitto keeps its queues in memory and saves them whole: every 1 s rewrote a 500 MB backlog
# each second. Every 10 s instead; a broker killed with -9 while the gateway is away loses what
# arrived since the last save (robots hold PUBACKs for it). A clean stop saves everything.
autosave_interval 10
# Robots hold PUBACKs for what is queued here while the gateway is away, and Mosquitto drops
# further QoS 1 messages for a session past either limit, without telling their publishers. No
# count limit (the default of 1000 would drop a few seconds' traffic); a byte limit so that a
# flood cannot take the broker's memory (it would be killed and lose everything unsaved): past
# it, messages for the gateway are dropped and counted in \$SYS/broker/publish/messages/dropped.
# Size it to memory: docs/ingestion.md says how.
max_queued_messages 0
max_queued_bytes ${MQTT_MAX_QUEUED_BYTES:-1073741824}
# Nagle off: a large QoS 1 message otherwise waits for the client's delayed ACK (about 40 ms).
set_tcp_nodelay true
# The gateway journals payloads up to 256 KiB (gateway.ingestion.max-payload-bytes): a larger one
# is refused here, its publisher told so in the PUBACK, and never queued.
message_size_limit 262144
log_dest stdout
EOF
}

start_mosquitto() {
  if pid_of mosquitto >/dev/null; then log "mosquitto already running"; return; fi
  require_free_port mosquitto "$BIND_HOST" "$MQTT_PORT"
  mkdir -p "$state/mosquitto/data"
  write_broker_access
  # Started as root, Mosquitto drops to its own user, which must be able to save its sessions
  # and read its password and ACL files.
  if [ "$(id -u)" -eq 0 ]; then
    chown mosquitto "$state/mosquitto/data" "$broker_access/mosquitto.acl" "$broker_access/broker-key.pem" \
      "$broker_access/revoked.crl"
  fi
  broker_config "listener $MQTT_PORT $BIND_HOST" >"$state/mosquitto/mosquitto.conf"
  start_process mosquitto mosquitto -c "$state/mosquitto/mosquitto.conf"
  wait_ready mosquitto 30 port_in_use "$BIND_HOST" "$MQTT_PORT"
  log "mosquitto listening on $BIND_HOST:$MQTT_PORT (TLS, a client certificate per robot, per-robot topic ACL; certificates in ${broker_access#"$root"/})"
}

# --- HTTP API tokens: one bearer token per role; the gateways are given only their SHA-256 ---

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

# One-time sign-in codes for the links `up` and `sign-in` print: the gateways hold their hashes
# (read at each sign-in, so no restart) and exchange a code once, within the hour, for a session.
sign_in_codes="$api_access/sign-in-codes"

# Prints a new code for a role and records its hash; codes past their hour are dropped.
mint_sign_in_code() {
  local role=$1 code now
  code=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  (
    umask 077
    { [ -f "$sign_in_codes" ] && awk -v now="$now" '/^#/ || $4 > now' "$sign_in_codes"
      printf '%s sign-in-%s %s %s\n' "$role" "$role" "$(printf '%s' "$code" | sha256sum | cut -d' ' -f1)" \
        "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
    } >"$sign_in_codes.tmp"
    mv "$sign_in_codes.tmp" "$sign_in_codes"
  )
  echo "$code"
}

# curl as the operator; the token reaches curl on stdin, never on a command line others can see.
operator_curl() {
  printf 'Authorization: Bearer %s\n' "$(cat "$api_access/operator.token")" | curl -H @- "$@"
}

# --- the ledger: Fabric, or the embedded ledger where Fabric is not installed ---

# The organisations, each with a gateway of its own; the first runs the robots.
orgs=(manufacturer retailer lender oracle)
fabric_env=(FABRIC_STATE_DIR="$state/fabric" FABRIC_PORT_OFFSET="$FABRIC_PORT_OFFSET")
embedded_dir="$state/ledger-embedded"
ledger_kind_file="$state/ledger"

fabric() { env "${fabric_env[@]}" "$root/network/fabric.sh" "$@"; }

# Turns LEDGER into `fabric` or `embedded`. A state folder keeps the ledger its journal and read
# models describe: another one would contradict them.
resolve_ledger() {
  local recorded=""
  [ -s "$ledger_kind_file" ] && recorded=$(cat "$ledger_kind_file")
  case "$LEDGER" in
    auto)
      if [ -n "$recorded" ]; then LEDGER=$recorded
      elif fabric check >/dev/null 2>&1; then LEDGER=fabric
      else
        LEDGER=embedded
        log "Fabric is not installed ($(fabric check 2>&1 | head -1)): running on the embedded ledger"
      fi
      ;;
    fabric) fabric check >/dev/null || die "LEDGER=fabric, but Fabric cannot run from FABRIC_HOME (above)" ;;
    embedded) ;;
    *) die "LEDGER must be auto (the default), fabric or embedded, was '$LEDGER'" ;;
  esac
  if [ -n "$recorded" ] && [ "$recorded" != "$LEDGER" ]; then
    die "the state in ${state#"$root"/} belongs to the $recorded ledger; its journal and read models describe that
ledger. Start with LEDGER=$recorded, or run 'network/system.sh clean' first (deletes all state)."
  fi
  mkdir -p "$state"
  echo "$LEDGER" >"$ledger_kind_file"
}

embedded_jar() { ls "$root"/ledger-embedded/target/ledger-embedded-*.jar 2>/dev/null | grep -v -- '-plain\|original' | head -1; }

embedded_notice() {
  log "NOTE: the EMBEDDED LEDGER is not Fabric: the real chaincode contract in one process, with no"
  log "      endorsement policies and no orderer; its blocks are kept in ${embedded_dir#"$root"/}."
}

start_embedded_ledger() {
  if pid_of ledger-embedded >/dev/null; then log "embedded ledger already running"; return; fi
  [ -n "$(embedded_jar)" ] || die "the embedded ledger's jar is missing: network/system.sh up builds it"
  require_free_port ledger-embedded "$BIND_HOST" "$LEDGER_EMBEDDED_PORT"
  mkdir -p "$embedded_dir"
  rm -f "$embedded_dir/ready"
  start_process ledger-embedded java -Xmx256m -jar "$(embedded_jar)" --port "$LEDGER_EMBEDDED_PORT" --dir "$embedded_dir"
  wait_ready ledger-embedded 120 test -s "$embedded_dir/ready"
  log "embedded ledger listening on $(cat "$embedded_dir/ready") (TLS; its CA and the organisations' identities in ${embedded_dir#"$root"/})"
  embedded_notice
}

start_ledger() {
  if [ "$LEDGER" = fabric ]; then fabric up; else start_embedded_ledger; fi
}

stop_ledger() {
  stop_process ledger-embedded
  [ ! -d "$state/fabric" ] || fabric down
}

ledger_description() {
  if [ "$LEDGER" = fabric ]; then
    echo "Hyperledger Fabric $("$root/network/fabric.sh" check | awk '{print $2}'): channel provenance, 3 orderers, peers of ManufacturerMSP, RetailerMSP and LenderMSP"
  else
    echo "EMBEDDED LEDGER, not Fabric: the real chaincode in one process, no endorsement policies, no orderer"
  fi
}

# The settings that connect an organisation's gateway to the ledger as that organisation.
ledger_settings() {
  local org=$1 msp
  case "$org" in
    manufacturer) msp=ManufacturerMSP ;; retailer) msp=RetailerMSP ;;
    lender) msp=LenderMSP ;; oracle) msp=OracleMSP ;;
  esac
  if [ "$LEDGER" = fabric ]; then
    fabric client "$org"
  else
    printf '%s\n' \
      "GATEWAY_LEDGER_PEERENDPOINT=$(cat "$embedded_dir/ready")" \
      "GATEWAY_LEDGER_TLSSERVERNAME=peer0.manufacturer.test" \
      "GATEWAY_LEDGER_TLSCACERTFILE=$embedded_dir/tls-ca.pem" \
      "GATEWAY_LEDGER_CERTIFICATEFILE=$embedded_dir/orgs/$org/cert.pem" \
      "GATEWAY_LEDGER_PRIVATEKEYFILE=$embedded_dir/orgs/$org/key.pem" \
      "GATEWAY_LEDGER_MSPID=$msp"
  fi
  echo "GATEWAY_LEDGER_DESCRIPTION=$(ledger_description)"
  echo "GATEWAY_CERTIFICATE_ORGANISATIONCASFILE=$organisation_cas"
}

# The CA certificates that issued each organisation's ledger identities: what a verifier of a
# provenance certificate trusts. Every gateway publishes them (GET /api/organisation-cas).
organisation_cas="$state/organisation-cas.pem"

org_ca_file() {
  if [ "$LEDGER" = fabric ]; then
    echo "$state/fabric/crypto/peerOrganizations/$1.test/ca/ca.$1.test-cert.pem"
  else
    echo "$embedded_dir/orgs/$1/ca.pem"
  fi
}

write_organisation_cas() {
  local org ca
  for org in "${orgs[@]}"; do
    ca=$(org_ca_file "$org")
    [ -s "$ca" ] || die "the $org organisation's CA certificate is missing: $ca"
    printf '# %s\n' "$org"
    cat "$ca"
  done >"$organisation_cas.tmp"
  mv "$organisation_cas.tmp" "$organisation_cas"
}

# --- the Lightning pair: loans are paid out and repaid over it, where its binaries are installed ---

# Regtest has no miners: the pair's own miner makes a block every LIGHTNING_MINE_EVERY seconds, so the
# manufacturer's anchors of the ledger in Bitcoin confirm.
lightning() {
  local hosts=(LIGHTNING_HOSTS=machine)
  # up --containers: btcd and the lnd nodes on hosts of their own on the system's network (.2 to .4).
  ! $containers_placed || hosts=(LIGHTNING_HOSTS=containers LIGHTNING_CONTAINER_SUBNET="$SYSTEM_CONTAINER_SUBNET")
  env "${hosts[@]}" LIGHTNING_STATE_DIR="$state/lightning" LIGHTNING_PORT_OFFSET="$LIGHTNING_PORT_OFFSET" \
    LIGHTNING_MINE_EVERY="${LIGHTNING_MINE_EVERY:-30}" "$root/network/lightning.sh" "$@"
}
lightning_on=false

start_lightning() {
  lightning check >/dev/null 2>&1 || install_lightning || true
  if lightning check >/dev/null 2>&1; then
    lightning up
    lightning_on=true
  else
    log "Lightning: not installed ($(lightning check 2>&1 | head -1)); loans run without payments."
  fi
}

# btcd and lnd, built from the Go module proxy into LIGHTNING_HOME once (8 to 20 minutes on two
# cores the first time; kept for every later run); says on one line why when that fails.
install_lightning() {
  local install_log="$logs/lightning-install.log"
  mkdir -p "$logs"
  log "Lightning: building btcd and lnd (network/lightning.sh install, 8 to 20 minutes the first time; ${install_log#"$root"/})"
  if "$root/network/lightning.sh" install >"$install_log" 2>&1; then
    log "Lightning: $(tail -n 1 "$install_log" | sed 's/^\[lightning\] //')"
  else
    log "Lightning: network/lightning.sh install failed: $(grep -m 1 'error' "$install_log" || tail -n 1 "$install_log")"
    return 1
  fi
}

# The lnd node an organisation's gateway pays and is paid with: the lender's, and the borrower's
# for the manufacturer, whose goods are pledged.
lightning_settings() {
  $lightning_on || return 0
  case "$1" in
    lender) lightning client lender ;;
    manufacturer)
      lightning client borrower
      # The manufacturer operates the channel: it anchors it in Bitcoin from its node's wallet.
      echo "GATEWAY_BITCOIN_ANCHORING_ENABLED=true"
      ;;
  esac
}

# --- the gateways (one per organisation) and the simulated robots ---

gateway_jar() { ls "$root"/gateway-service/target/gateway-service-*.jar 2>/dev/null | grep -v -- '-plain' | head -1; }
simulator_jar() { ls "$root"/robot-agent/target/robot-agent-*-all.jar 2>/dev/null | head -1; }

gateway_port() {
  local i
  for i in "${!orgs[@]}"; do [ "${orgs[$i]}" != "$1" ] || { echo $((GATEWAY_PORT + i)); return; }; done
}
gateway_url() { echo "http://$BIND_HOST:$(gateway_port "$1")"; }

# The dashboard's libraries from npm (Cytoscape.js, Chart.js, qrcode-generator), which the
# gateway's build copies in to serve.
install_dashboard_libraries() {
  log "installing the dashboard's libraries (npm ci in dashboards/web)"
  (cd "$root/dashboards/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
}

build() {
  install_dashboard_libraries
  log "building (mvn package, tests skipped: network/system.sh test runs them)"
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package)
}

gateway_ready() { curl -fsS "$(gateway_url "$1")/actuator/health/readiness" | grep '"UP"' >/dev/null; }

# Only the manufacturer's gateway takes the robots' messages, with a plain subscription: Mosquitto
# 2.0.11 was measured to drop QoS 1 messages of a persisted shared subscription across a broker
# restart (docs/ingestion.md). The oracle's gateway records BTC prices.
launch_gateway() {
  local org=$1 settings=()
  mapfile -t settings < <(ledger_settings "$org"; lightning_settings "$org")
  if [ "$org" = manufacturer ]; then
    settings+=(GATEWAY_MQTT_BROKERURL="ssl://$BIND_HOST:$MQTT_PORT" GATEWAY_MQTT_SHAREDGROUP=
      GATEWAY_MQTT_TLS_CAFILE="$broker_access/ca-cert.pem"
      GATEWAY_MQTT_TLS_CERTIFICATEFILE="$broker_access/gateway-cert.pem"
      GATEWAY_MQTT_TLS_KEYFILE="$broker_access/gateway-key.pem")
  else
    settings+=(GATEWAY_MQTT_ENABLED=false)
  fi
  [ "$org" != oracle ] || settings+=(GATEWAY_PRICEFEED_ENABLED=true)
  require_free_port "gateway-$org" "$BIND_HOST" "$(gateway_port "$org")"
  start_process "gateway-$org" env "${settings[@]}" \
    GATEWAY_JOURNAL_JDBCURL="jdbc:postgresql://$BIND_HOST:$POSTGRES_PORT/$(database_of "$org")" \
    GATEWAY_JOURNAL_USERNAME=ledger \
    GATEWAY_API_TOKENSFILE="$api_access/token-hashes" GATEWAY_API_SIGNINCODESFILE="$sign_in_codes" \
    SERVER_ADDRESS="$BIND_HOST" SERVER_PORT="$(gateway_port "$org")" \
    java -Xmx256m -jar "$(gateway_jar)"
}

# The four start side by side; each is then waited for.
start_gateways() {
  local org
  write_api_tokens
  write_organisation_cas
  for org in "${orgs[@]}"; do
    if pid_of "gateway-$org" >/dev/null; then log "gateway-$org already running"; else launch_gateway "$org"; fi
  done
  for org in "${orgs[@]}"; do
    wait_ready "gateway-$org" "$GATEWAY_READY_TIMEOUT" gateway_ready "$org"
    log "gateway-$org listening on $(gateway_url "$org")"
  done
}

# Enrols the simulated robots (keys are created on first enrolment and kept in .state/robots)
# and registers their public keys with the manufacturer's gateway, which records each on the
# ledger; registering the same key again is a no-op. A robot the simulator enrols without
# capabilities makes, assembles and inspects its own goods on its line, so it is registered with
# all three.
register_robots() {
  local enrolment
  enrolment=$(java -jar "$(simulator_jar)" enrol --robots "$SIM_ROBOTS" --state-dir "$state/robots")
  jq -c '.robots | to_entries[] | {robotId: .value.robotId, publicKey: .value.publicKeyPem,
           model: "simulated-arm-6ax", site: .value.site, line: .value.line,
           station: ("station-" + ((.key + 1) | tostring)),
           capabilities: (.value.capabilities // ["PRODUCE", "ASSEMBLE", "INSPECT"])}' <<<"$enrolment" | while read -r robot; do
    # A revoked robot stays revoked: the ledger refuses to register it again.
    if [ -f "$broker_access/revoked.txt" ] \
        && awk -v id="$(jq -r .robotId <<<"$robot")" '$2 == id {found = 1} END {exit !found}' "$broker_access/revoked.txt"; then
      continue
    fi
    operator_curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$robot" "$(gateway_url manufacturer)/api/robots" \
      || die "registering $(jq -r .robotId <<<"$robot") with the manufacturer's gateway failed"
  done
  log "registered $SIM_ROBOTS simulated robots (a revoked one stays revoked)"
}

start_robots() {
  if pid_of robots >/dev/null; then log "simulated robots already running"; return; fi
  register_robots
  start_process robots java -jar "$(simulator_jar)" --robots "$SIM_ROBOTS" --rate "$SIM_RATE_PER_ROBOT/s" \
    --events-every "$SIM_EVENTS_EVERY" --quality-fail-rate "$SIM_QUALITY_FAIL_RATE" \
    --broker "ssl://$BIND_HOST:$MQTT_PORT" --credentials-dir "$broker_access" --state-dir "$state/robots" --duration 0s
  log "simulated robots publishing: $SIM_ROBOTS robots x $SIM_RATE_PER_ROBOT readings/s, a line of parts, assemblies and products"
}

# The shipping desks around the robots: the manufacturer's offers finished products to the retailer,
# the retailer's accepts a share of them on its own gateway, the manufacturer recalls a share.
start_shipping() {
  if pid_of shipping >/dev/null; then log "shipping desks already running"; return; fi
  start_process shipping java -jar "$(simulator_jar)" shipping --manufacturer-url "$(gateway_url manufacturer)" \
    --retailer-url "$(gateway_url retailer)" --operator-token-file "$api_access/operator.token" \
    --retailer-token-file "$api_access/retailer.token" --ship-after "$SHIP_AFTER" \
    --accept-share "$SHIP_ACCEPT_SHARE" --recall-share "$SHIP_RECALL_SHARE"
  log "shipping desks: products shipped to the retailer after $SHIP_AFTER, $SHIP_ACCEPT_SHARE of them accepted at once, $SHIP_RECALL_SHARE recalled"
}

# A robot taken out of service: its key revoked on the ledger, so the gateway refuses its messages,
# and its broker certificate revoked, so Mosquitto (restarted to read the revocation list; sessions
# and queued messages are saved across it) refuses its connection. A revoked id is never re-issued.
revoke_robot() {
  local robot=${1:-}
  [ -n "$robot" ] || die "revoke-robot needs a robot id, e.g. robot-001 (see the operator dashboard)"
  pid_of gateway-manufacturer >/dev/null || die "the manufacturer's gateway is not running: network/system.sh up"
  operator_curl -fsS -X POST "$(gateway_url manufacturer)/api/robots/$robot/revoke" >/dev/null \
    || die "the gateway did not revoke $robot (is it registered?)"
  log "$robot revoked on the ledger"
  java -jar "$(simulator_jar)" broker-access --credentials-dir "$broker_access" --revoke "$robot" | sed 's/^/[system] broker certificate of /'
  stop_process mosquitto
  if $containers_placed; then start_broker; else start_mosquitto; fi
}

# shellcheck source=network/lib/system-containers.sh
source "$root/network/lib/system-containers.sh"

# --- commands ---

# The page and role each organisation's people start from.
home_of() {
  case "$1" in
    manufacturer) echo "operator /" ;; retailer) echo "retailer /provenance.html" ;;
    lender) echo "lender /lender.html" ;; oracle) echo "operator /" ;;
  esac
}

# One sign-in link per organisation and the role its people use, each with a fresh one-time code.
print_sign_in_links() {
  local org role page
  for org in "${orgs[@]}"; do
    read -r role page <<<"$(home_of "$org")"
    log "  $(printf '%-13s' "$org") $(gateway_url "$org")$page   sign in ($role): $(gateway_url "$org")$page#code=$(mint_sign_in_code "$role")"
  done
  log "  Each link signs a browser in once, within the hour, for a session of 12 hours (network/system.sh sign-in"
  log "  prints new ones). The API tokens are in ${api_access#"$root"/}/<role>.token (${api_roles[*]}); the"
  log "  gateways hold only their hashes. Every organisation's gateway takes every role's token."
}

print_where() {
  log "up. Ledger: $(ledger_description)."
  print_sign_in_links
  log "  call the API:     curl -H \"Authorization: Bearer \$(cat ${api_access#"$root"/}/operator.token)\" $(gateway_url manufacturer)/api/robots"
  log "  API document:     $(gateway_url manufacturer)/swagger-ui.html (OpenAPI: $(gateway_url manufacturer)/v3/api-docs)"
  log "  metrics:          $(gateway_url manufacturer)/actuator/prometheus (operator or metrics token)"
  log "  certificates:     verify a downloaded provenance certificate offline against the organisations' CAs"
  log "                    (${organisation_cas#"$root"/}, also at $(gateway_url manufacturer)/api/organisation-cas):"
  log "                    java -jar wire/target/provenance-verifier.jar certificate.json ${organisation_cas#"$root"/}"
  if [ "$LEDGER" = fabric ]; then
    log "  Fabric:           eval \"\$($([ "$state" = "$(realpath -m "$root/.state")" ] || printf 'FABRIC_STATE_DIR=%q ' "$state/fabric")$(! $containers_placed || printf 'FABRIC_NETWORK_ENV=%s FABRIC_CONTAINER_SUBNET=%s ' "${system_network_env#"$root"/}" "$SYSTEM_CONTAINER_SUBNET")network/fabric.sh env manufacturer)\"; peer lifecycle chaincode querycommitted -C provenance"
  else
    embedded_notice
  fi
  if $lightning_on; then
    log "  Lightning:        regtest btcd and lnd nodes of the lender and the borrower (manufacturer); lncli as each:"
    log "                    eval \"\$($([ "$state" = "$(realpath -m "$root/.state")" ] || printf 'LIGHTNING_STATE_DIR=%q ' "$state/lightning")$(! $containers_placed || printf 'LIGHTNING_HOSTS=containers LIGHTNING_CONTAINER_SUBNET=%s ' "$SYSTEM_CONTAINER_SUBNET")network/lightning.sh env lender)\"; lncli listchannels"
    log "  Loans:            the lender's $(gateway_url lender)/loans.html (lender token), the borrower's $(gateway_url manufacturer)/borrower.html (operator token)"
  fi
  log "  logs:             ${logs#"$root"/}/ $([ "$LEDGER" != fabric ] || echo "and ${state#"$root"/}/fabric/logs/")"
  log "stop with: $([ "$state" = "$(realpath -m "$root/.state")" ] || printf 'STATE_DIR=%q ' "$STATE_DIR")network/system.sh down"
}

up() {
  ! $containers_placed || die "the system in ${state#"$root"/} runs on container hosts: network/system.sh up --containers"
  "$root/network/prerequisites.sh"
  resolve_ledger
  build
  start_postgres
  start_mosquitto
  start_ledger
  start_lightning
  start_gateways
  start_robots
  start_shipping
  print_where
}

down() {
  local i org
  # Robots and the shipping desks first, so they stop writing; the gateways before their ledger,
  # broker and database.
  stop_process shipping
  stop_process robots
  for ((i = ${#orgs[@]} - 1; i >= 0; i--)); do stop_process "gateway-${orgs[$i]}"; done
  [ ! -d "$state/lightning" ] || lightning down
  stop_ledger
  stop_process mosquitto
  stop_process postgres
  for org in "${orgs[@]}"; do stop_process "postgres-$org"; done
  ! $containers_placed || remove_hosts
}

status() {
  local name pid
  local names=(postgres)
  ! $containers_placed || names=("${orgs[@]/#/postgres-}")
  for name in "${names[@]}" mosquitto ledger-embedded "${orgs[@]/#/gateway-}" robots shipping; do
    if pid=$(pid_of "$name"); then log "$name running (pid $pid)"; else log "$name stopped"; fi
  done
  if $containers_placed && [ -n "$(podman pod ls -q --filter "label=$system_label")" ]; then print_hosts; fi
  [ ! -d "$state/fabric" ] || fabric status
  [ ! -d "$state/lightning" ] || lightning status
}

clean() {
  down
  ! $containers_placed || remove_host_data
  rm -rf "$state"
  log "state removed"
}

# Counts this run's test cases of the classes named *<suffix>.xml in the reports: "N test(s) ran,
# S skipped, in C class(es)".
tier_count() {
  local suffix=$1 since=$2 total=0 skipped=0 classes=0 report suite
  while IFS= read -r report; do
    suite=$(grep -m 1 -o '<testsuite [^>]*>' "$report")
    total=$((total + $(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suite")))
    skipped=$((skipped + $(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$suite")))
    classes=$((classes + 1))
  done < <(find "$root" -path "*/target/*-reports/TEST-*$suffix.xml" -newer "$since")
  echo "$((total - skipped)) test(s) ran, $skipped skipped, in $classes class(es)"
}

# The container tier: Podman installed and configured for this machine, the images built (skipped
# when current), what interrupted runs left removed, and its API service running, by
# network/containers.sh. Prints the settings Maven
# needs (one per line) and exits 0; or the reason the tier cannot run here, in one line, and exits 1.
# CONTAINERS_TIER=off skips it.
containers_service_started=false
containers_log="$root/.state/containers/logs/prepare.log"
prepare_containers() {
  local why started=$SECONDS
  if [ "${CONTAINERS_TIER:-auto}" = off ]; then echo "CONTAINERS_TIER=off"; return 1; fi
  why=$("$root/network/containers.sh" check 2>&1 >/dev/null) || { head -n 1 <<<"$why"; return 1; }
  mkdir -p "$(dirname "$containers_log")"
  : >"$containers_log"
  local step
  for step in install images sweep service; do
    if ! "$root/network/containers.sh" "$step" >>"$containers_log" 2>&1; then
      why=$(grep -m 1 'error:' "$containers_log" || tail -n 1 "$containers_log")
      echo "network/containers.sh $step failed: ${why#*error: } (${containers_log#"$root"/})"
      return 1
    fi
  done
  echo "prepared in $((SECONDS - started)) s"
}

run_tests() {
  "$root/network/prerequisites.sh"
  cd "$root"
  install_dashboard_libraries
  # The Fabric tier's own network (gateway-service's testing/FabricNetwork.java: .state/test-fabric,
  # ports moved by TEST_FABRIC_PORT_OFFSET). Tests reuse it within a run; it is stopped after Maven,
  # pass or fail, because one left running would hold those ports against the next run from another clone.
  local tier=(-Dfabric.tier=off) check status=0 since containers_on=false container_env=()
  # Whatever ends the run: the tests' Fabric network down, and Podman's API service stopped if
  # this run started it.
  trap 'after_tests' EXIT
  trap 'exit 130' INT TERM
  if check=$("$root/network/fabric.sh" check 2>&1); then
    tier=(-Dfabric.tier=on "-Dfabric.port-offset=$TEST_FABRIC_PORT_OFFSET")
    fabric_on=true
    log "Fabric tier: on (FABRIC_HOME=${check##* in })"
  else
    log "Fabric tier: SKIPPED — $(head -n 1 <<<"$check")"
  fi
  "$root/network/lightning.sh" check >/dev/null 2>&1 || install_lightning || true
  if check=$("$root/network/lightning.sh" check 2>&1); then
    tier+=(-Dlightning.tier=on)
    log "Lightning tier: on (btcd and lnd installed)"
  else
    log "Lightning tier: SKIPPED — $(head -n 1 <<<"$check")"
  fi
  if check=$(prepare_containers); then
    grep 'API service started' "$containers_log" >/dev/null && containers_service_started=true
    mapfile -t container_env < <("$root/network/containers.sh" env | sed 's/^export //')
    tier+=(-Dcontainers.tier=on)
    containers_on=true
    log "Container tier: on (Podman $(podman --version | awk '{print $3}'), images and API service $check)"
  else
    log "Container tier: SKIPPED — $check"
  fi
  since=$(mktemp)
  local started=$SECONDS
  env "${container_env[@]}" mvn -B verify "${tier[@]}" || status=$?
  after_tests
  log "Maven: $(minutes_since "$started")"
  # Fabric test classes are named *FabricIT (testing/FabricTest.java), the container tier's
  # *ContainerIT (testing/containers/ContainerTest.java); this run's reports only.
  log "Fabric tier: $(tier_count FabricIT "$since" | sed 's/ ran,/ ran on Fabric,/')"
  if $containers_on; then log "Container tier: $(tier_count ContainerIT "$since" | sed 's/ ran,/ ran in containers,/')"; fi
  rm -f "$since"
  [ "$status" -eq 0 ] || return "$status"
  # The browser tests on each ledger a user can get: Fabric where it is installed, and always the
  # embedded ledger.
  if $fabric_on; then
    started=$SECONDS
    LEDGER=fabric e2e
    log "e2e on Fabric: $(minutes_since "$started")"
    # The embedded ledger speaks Fabric's Gateway protocol to the same gateway code, so the API
    # schemathesis checks is the same: once is enough.
    started=$SECONDS
    LEDGER=embedded E2E_SCHEMATHESIS="off (it ran against the same gateways on Fabric)" e2e
  else
    started=$SECONDS
    LEDGER=embedded e2e
  fi
  log "e2e on the embedded ledger: $(minutes_since "$started")"
}

minutes_since() { printf '%dm %02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }

# Runs once, after Maven or on the way out, whichever comes first.
fabric_on=false
after_tests_done=false
after_tests() {
  $after_tests_done && return 0
  after_tests_done=true
  if $fabric_on; then
    FABRIC_STATE_DIR="$root/.state/test-fabric" FABRIC_PORT_OFFSET="$TEST_FABRIC_PORT_OFFSET" "$root/network/fabric.sh" down || true
  fi
  # The network on container hosts and its organisations' hosts (HostCutOffContainerIT removes
  # them itself; this is for a test JVM that died first).
  if [ -d "$root/.state/test-fabric-containers/pids" ]; then
    FABRIC_STATE_DIR="$root/.state/test-fabric-containers" FABRIC_NETWORK_ENV="$root/network/fabric/system-containers.env" \
      "$root/network/fabric.sh" down || true
    local pods
    pods=$(podman pod ls -q --filter "label=dev.robotledger.fabric.state=$root/.state/test-fabric-containers" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pods" ] || podman pod rm -f -t 0 $pods >/dev/null || true
  fi
  if $containers_service_started; then "$root/network/containers.sh" stop || true; fi
}

# The browser tests revoke a robot, so they get a system of their own, stopped afterwards
# whatever happens. A child process, so that system.env turns the E2E_* settings into its
# state directory and ports.
e2e() {
  STATE_DIR="$E2E_STATE_DIR" POSTGRES_PORT="$E2E_POSTGRES_PORT" MQTT_PORT="$E2E_MQTT_PORT" \
    GATEWAY_PORT="$E2E_GATEWAY_PORT" SIM_ROBOTS="$E2E_SIM_ROBOTS" SIM_EVENTS_EVERY="$E2E_SIM_EVENTS_EVERY" \
    SHIP_AFTER="$E2E_SHIP_AFTER" SHIP_ACCEPT_SHARE="$E2E_SHIP_ACCEPT_SHARE" SHIP_RECALL_SHARE="$E2E_SHIP_RECALL_SHARE" \
    LEDGER_EMBEDDED_PORT="$E2E_LEDGER_EMBEDDED_PORT" FABRIC_PORT_OFFSET="$E2E_FABRIC_PORT_OFFSET" \
    LIGHTNING_PORT_OFFSET="$E2E_LIGHTNING_PORT_OFFSET" "$root/network/system.sh" e2e-system
}

browser_tests() {
  [ -n "$(gateway_jar)" ] && [ -n "$(simulator_jar)" ] && [ -f "$root/wire/target/provenance-verifier.jar" ] \
    || die "build first: mvn -B -DskipTests package"
  [ "$state" != "$(realpath -m "$root/.state")" ] || die "e2e needs its own STATE_DIR, not the one \`up\` uses"
  trap down EXIT
  trap 'exit 130' INT TERM
  # Leftovers of an interrupted run: stop what it recorded, then start from nothing.
  down
  rm -rf "$state"
  resolve_ledger
  log "browser tests: isolated system in ${state#"$root"/} on the $LEDGER ledger, manufacturer's gateway on port $GATEWAY_PORT"
  start_postgres
  start_mosquitto
  start_ledger
  start_lightning
  start_gateways
  start_robots
  start_shipping
  DASHBOARD_URL="$(gateway_url manufacturer)" DASHBOARD_RETAILER_URL="$(gateway_url retailer)" \
    DASHBOARD_LENDER_URL="$(gateway_url lender)" DASHBOARD_LIGHTNING="$($lightning_on && echo on || echo off)" \
    SIM_ROBOTS="$SIM_ROBOTS" DASHBOARD_LEDGER="$LEDGER" \
    DASHBOARD_TOKEN="$(cat "$api_access/operator.token")" DASHBOARD_RETAILER_TOKEN="$(cat "$api_access/retailer.token")" \
    DASHBOARD_LENDER_TOKEN="$(cat "$api_access/lender.token")" \
    DASHBOARD_RETAILER_SIGN_IN_CODE="$(mint_sign_in_code retailer)" "$root/dashboards/web/e2e.sh"
  if [ "$E2E_SCHEMATHESIS" = on ]; then schema_tests; else log "schemathesis: not run: $E2E_SCHEMATHESIS"; fi
}

# The role whose token exercises an organisation's own routes on its gateway.
role_of() {
  case "$1" in
    retailer|lender) echo "$1" ;;
    *) echo operator ;;
  esac
}

# schemathesis (network/schemathesis.sh) against each organisation's gateway with its token, and
# against the manufacturer's without one (every gateway runs the same code, so what a caller
# without a token may reach is the same on each). Each run's output goes to
# .state/e2e/logs/schemathesis/<run>/output.log, printed when it fails; all run, then the step
# fails if one did.
schema_tests() {
  local why org failed=() run runs
  if ! why=$("$root/network/schemathesis.sh" check 2>&1); then
    log "schemathesis: SKIPPED — $why"
    return 0
  fi
  for org in "${orgs[@]}"; do
    runs=("$org")
    [ "$org" != manufacturer ] || runs+=("$org-no-token")
    for run in "${runs[@]}"; do
      local reports="$logs/schemathesis/$run" token=()
      [ "$run" != "$org" ] || token=("$api_access/$(role_of "$org").token")
      mkdir -p "$reports"
      if "$root/network/schemathesis.sh" run "$(gateway_url "$org")" "$reports" "${token[@]}" >"$reports/output.log" 2>&1; then
        log "schemathesis: gateway-$org $([ ${#token[@]} -eq 1 ] && echo "as $(role_of "$org")" || echo "without a token"):" \
          "$(grep -E 'generated' "$reports/output.log" | tr -s ' ' | sed 's/^ //')"
      else
        cat "$reports/output.log"
        failed+=("$run")
      fi
    done
  done
  [ ${#failed[@]} -eq 0 ] || die "schemathesis found answers the OpenAPI document does not describe: ${failed[*]} (reports in ${logs#"$root"/}/schemathesis)"
}

case "${1:-}" in
  up)
    case "${2:-}" in
      "") up ;;
      --containers) up_on_hosts ;;
      *) usage >&2; exit 2 ;;
    esac
    ;;
  down) down ;;
  status) status ;;
  clean) clean ;;
  test) run_tests ;;
  e2e) e2e ;;
  revoke-robot) revoke_robot "${2:-}" ;;
  sign-in) [ -s "$api_access/token-hashes" ] || die "nothing to sign in to: network/system.sh up first"; print_sign_in_links ;;
  e2e-system) browser_tests ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
