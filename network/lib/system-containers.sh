# shellcheck shell=bash
# The system on container hosts (network/system.sh up --containers), sourced by network/system.sh
# after its own functions. A host is a Podman pod: its programs run in containers of their own that
# share its address and host names, as processes share a machine. What runs where:
#   orderer1..3.orderer.test   one orderer each (network/fabric/containers.env)
#   manufacturer.test,         peer0 of the organisation, its chaincode service, its gateway and its
#   retailer.test, lender.test PostgreSQL
#   oracle.test                the oracle's gateway (no peer: it uses the lender's) and its PostgreSQL
#   broker.manufacturer.test   Mosquitto, the factory's broker the robots publish to
#   simulator.test             the simulated robots and the shipping desks
# Each organisation keeps its journal and read model in a database only its own host reaches
# (PostgreSQL listens on the host's loopback), as each would run its own; the broker is a server of
# the factory floor, on a host of its own, which the robots and the manufacturer's gateway reach by
# name. The gateways' ports and the broker's are published on $BIND_HOST; nothing else is.

system_network_env="$root/network/fabric/system-containers.env"
placement_file="$state/placement"
containers_placed=false
[ "$(cat "$placement_file" 2>/dev/null)" != containers ] || containers_placed=true
# Pods, containers and volumes of this state folder carry it: down and clean find them by it.
system_label="dev.robotledger.system=$state"
# Another state folder's system runs beside this one under other names (on another subnet).
name_suffix=$(printf '%s' "$state" | sha256sum | cut -c1-8)
broker_host=broker.manufacturer.test

containers_sh() { "$root/network/containers.sh" "$@"; }

use_container_hosts() {
  fabric_env+=(FABRIC_NETWORK_ENV="$system_network_env" FABRIC_CONTAINER_SUBNET="$SYSTEM_CONTAINER_SUBNET")
}
! $containers_placed || use_container_hosts

# The orderers' and peers' rows of the network's description: name (organisation), address.
fabric_hosts() {
  (
    FABRIC_CONTAINER_SUBNET=$SYSTEM_CONTAINER_SUBNET
    # shellcheck source=network/fabric/system-containers.env
    source "$system_network_env"
    local row
    for row in "${FABRIC_ORDERERS[@]}"; do read -r name address _ <<<"$row"; echo "$name $address"; done
    for row in "${FABRIC_PEER_ORGS[@]}"; do read -r name _ address _ <<<"$row"; echo "$name $address"; done
  )
}

# A host's address: a peer organisation's is its peer's; the others' are fixed on the subnet.
host_address() {
  case "$1" in
    oracle) echo "$SYSTEM_CONTAINER_SUBNET.24" ;;
    broker) echo "$SYSTEM_CONTAINER_SUBNET.31" ;;
    simulator) echo "$SYSTEM_CONTAINER_SUBNET.41" ;;
    *) fabric_hosts | awk -v name="$1" '$1 == name {print $2}' ;;
  esac
}

host_name() {
  case "$1" in broker) echo "$broker_host" ;; *) echo "$1.test" ;; esac
}

pod_of() { echo "robotledger-$1-$name_suffix"; }

start_hosts() {
  local host extras
  containers_sh network "$SYSTEM_CONTAINER_SUBNET" >/dev/null
  for host in "${orgs[@]}" broker simulator; do
    extras=("$system_label")
    case "$host" in
      broker) extras+=("$BIND_HOST:$MQTT_PORT:1883") ;;
      simulator) ;;
      *) extras+=("$BIND_HOST:$(gateway_port "$host"):8080")
         [ "$host" = oracle ] || extras+=("peer0.$host.test") ;;
    esac
    if ! podman pod exists "$(pod_of "$host")"; then
      case "$host" in
        broker) require_free_port broker "$BIND_HOST" "$MQTT_PORT" ;;
        simulator) ;;
        *) require_free_port "gateway-$host" "$BIND_HOST" "$(gateway_port "$host")" ;;
      esac
    fi
    containers_sh host "$(pod_of "$host")" "$(host_address "$host")" "$(host_name "$host")" "${extras[@]}"
  done
  log "hosts up on the Podman network $(containers_sh network "$SYSTEM_CONTAINER_SUBNET") ($SYSTEM_CONTAINER_SUBNET.0/24)"
}

# Runs a program in a container on one of the hosts, recorded as a process by the pid of its
# podman client (stopping that stops the container, which is then removed); its output goes to
# $logs/<name>.log. Arguments: name, host, then podman run's options, the image and the command.
start_on_host() {
  local name=$1 host=$2 container="robotledger-$1-$name_suffix"; shift 2
  # A container an earlier run did not stop holds the name.
  podman rm -f --ignore "$container" >/dev/null
  start_process "$name" podman run --rm --name "$container" --pod "$(pod_of "$host")" --label "$system_label" \
    -v "$root:$root:ro" -w /tmp "$@"
}

image() { containers_sh image "$1"; }

# Each organisation's PostgreSQL on its own host, listening on the host's loopback only, its data in
# a volume of its own (filled from the image's initialised cluster on first use).
start_database() {
  local org=$1 name="postgres-$1" volume="robotledger-db-$1-$name_suffix" database
  database=$(database_of "$org")
  if pid_of "$name" >/dev/null; then log "$name already running"; return; fi
  podman volume exists "$volume" || podman volume create --label "$system_label" "$volume" >/dev/null
  start_on_host "$name" "$org" -v "$volume:/var/lib/postgresql/data" "$(image postgresql)" \
    postgres -c unix_socket_directories=/tmp -c listen_addresses=localhost
  wait_ready "$name" 60 podman exec "robotledger-$name-$name_suffix" pg_isready -q -h localhost
  if ! podman exec "robotledger-$name-$name_suffix" psql -h localhost -U postgres -tAc \
      "select 1 from pg_database where datname = '$database'" | grep 1 >/dev/null; then
    podman exec "robotledger-$name-$name_suffix" psql -h localhost -U postgres -qc "create database $database"
  fi
  log "$name on $(host_name "$org") (database $database, reached only from that host)"
}

start_broker() {
  if pid_of mosquitto >/dev/null; then log "mosquitto already running"; return; fi
  local uid
  mkdir -p "$state/mosquitto/data"
  write_broker_access "$broker_host" "$(host_address broker)"
  # Mosquitto, started as root in its container, drops to the image's own mosquitto user.
  uid=$(podman run --rm "$(image mosquitto)" id -u mosquitto)
  chown "$uid" "$state/mosquitto/data" "$broker_access/mosquitto.acl" "$broker_access/broker-key.pem" \
    "$broker_access/revoked.crl"
  broker_config "listener 1883" >"$state/mosquitto/mosquitto.conf"
  start_on_host mosquitto broker -v "$state:$state" "$(image mosquitto)" mosquitto -c "$state/mosquitto/mosquitto.conf"
  wait_ready mosquitto 30 port_in_use "$(host_address broker)" 1883
  log "mosquitto on $broker_host:1883, published on $BIND_HOST:$MQTT_PORT (TLS, a client certificate per robot)"
}

# The gateway of an organisation on its host: its peer by name, its database on the host's loopback,
# the broker by name (the manufacturer's).
launch_gateway_on_host() {
  local org=$1 settings=() options=() setting endpoint
  mapfile -t settings < <(ledger_settings "$org"; lightning_settings "$org")
  for setting in "${settings[@]}"; do
    case "$setting" in
      GATEWAY_LEDGER_TLSSERVERNAME=*) endpoint=${setting#*=} ;;
    esac
  done
  for setting in "${settings[@]}"; do
    case "$setting" in
      # The peer by its host name (the one its certificate names) instead of its address.
      GATEWAY_LEDGER_PEERENDPOINT=*) options+=(-e "GATEWAY_LEDGER_PEERENDPOINT=$endpoint:${setting##*:}") ;;
      *) options+=(-e "$setting") ;;
    esac
  done
  if [ "$org" = manufacturer ]; then
    options+=(-e "GATEWAY_MQTT_BROKERURL=ssl://$broker_host:1883" -e GATEWAY_MQTT_SHAREDGROUP=
      -e "GATEWAY_MQTT_TLS_CAFILE=$broker_access/ca-cert.pem"
      -e "GATEWAY_MQTT_TLS_CERTIFICATEFILE=$broker_access/gateway-cert.pem"
      -e "GATEWAY_MQTT_TLS_KEYFILE=$broker_access/gateway-key.pem")
  else
    options+=(-e GATEWAY_MQTT_ENABLED=false)
  fi
  [ "$org" != oracle ] || options+=(-e GATEWAY_PRICEFEED_ENABLED=true)
  start_on_host "gateway-$org" "$org" -v "$state:$state:ro" "${options[@]}" \
    -e "GATEWAY_JOURNAL_JDBCURL=jdbc:postgresql://localhost:5432/$(database_of "$org")" \
    -e GATEWAY_JOURNAL_USERNAME=postgres \
    -e "GATEWAY_API_TOKENSFILE=$api_access/token-hashes" -e "GATEWAY_API_SIGNINCODESFILE=$sign_in_codes" \
    -e SERVER_ADDRESS=0.0.0.0 -e SERVER_PORT=8080 \
    "$(image java)" java -Xmx256m -jar "$(gateway_jar)"
}

start_robots_on_host() {
  if pid_of robots >/dev/null; then log "simulated robots already running"; return; fi
  register_robots
  start_on_host robots simulator -v "$state:$state" "$(image java)" java -jar "$(simulator_jar)" \
    --robots "$SIM_ROBOTS" --rate "$SIM_RATE_PER_ROBOT/s" --events-every "$SIM_EVENTS_EVERY" \
    --quality-fail-rate "$SIM_QUALITY_FAIL_RATE" --broker "ssl://$broker_host:1883" \
    --credentials-dir "$broker_access" --state-dir "$state/robots" --duration 0s
  log "simulated robots on simulator.test publishing to $broker_host: $SIM_ROBOTS robots x $SIM_RATE_PER_ROBOT readings/s"
}

start_shipping_on_host() {
  if pid_of shipping >/dev/null; then log "shipping desks already running"; return; fi
  start_on_host shipping simulator -v "$state:$state:ro" "$(image java)" java -jar "$(simulator_jar)" shipping \
    --manufacturer-url http://manufacturer.test:8080 --retailer-url http://retailer.test:8080 \
    --operator-token-file "$api_access/operator.token" --retailer-token-file "$api_access/retailer.token" \
    --ship-after "$SHIP_AFTER" --accept-share "$SHIP_ACCEPT_SHARE" --recall-share "$SHIP_RECALL_SHARE"
  log "shipping desks on simulator.test: products shipped to the retailer after $SHIP_AFTER"
}

print_hosts() {
  local name address org
  log "hosts (Podman network $SYSTEM_CONTAINER_SUBNET.0/24; only the ports shown are published, on $BIND_HOST):"
  while read -r name address; do
    case "$name" in orderer*) log "  $(printf '%-26s %-15s' "$name.orderer.test" "$address") orderer $name" ;; esac
  done < <(fabric_hosts)
  for org in "${orgs[@]}"; do
    log "  $(printf '%-26s %-15s' "$(host_name "$org")" "$(host_address "$org")")" \
      "$([ "$org" = oracle ] || echo "peer0.$org.test, chaincode, ")gateway ($(gateway_url "$org")), PostgreSQL"
  done
  log "  $(printf '%-26s %-15s' "$broker_host" "$(host_address broker)") Mosquitto ($BIND_HOST:$MQTT_PORT)"
  log "  $(printf '%-26s %-15s' simulator.test "$(host_address simulator)") $SIM_ROBOTS simulated robots, shipping desks"
  $lightning_on || return 0
  local node
  for node in btcd lender borrower; do
    log "  $(printf '%-26s %-15s' "$node" "$(lightning host "$node")")" \
      "$([ "$node" = btcd ] && echo "btcd (regtest)" || echo "the $node's lnd")"
  done
}

up_on_hosts() {
  "$root/network/prerequisites.sh"
  local why
  why=$(fabric check 2>&1) || die "up --containers runs Fabric's nodes on container hosts, and Fabric is not installed:
$why"
  why=$(containers_sh check 2>&1 >/dev/null) || die "up --containers needs Podman, which cannot work here: $why"
  [ -s "$ledger_kind_file" ] && ! $containers_placed \
    && die "the state in ${state#"$root"/} belongs to a system run as processes here (network/system.sh up).
Use another state folder (STATE_DIR=.state/containers network/system.sh up --containers), or
'network/system.sh clean' first (deletes all state)."
  [ "$LEDGER" = auto ] || [ "$LEDGER" = fabric ] || die "up --containers runs on Fabric only, not LEDGER=$LEDGER"
  containers_sh install | sed 's/^/[system] /'
  containers_sh images | grep -v ' current$\| present$' | sed 's/^/[system] /'
  LEDGER=fabric
  mkdir -p "$state"
  echo containers >"$placement_file"
  containers_placed=true
  use_container_hosts
  resolve_ledger
  # The containers run the jars of this tree: a build under a running gateway would replace its jar.
  if pid_of gateway-manufacturer >/dev/null; then log "the system runs: not rebuilding the jars it runs (down first)"; else build; fi
  start_hosts
  local org
  for org in "${orgs[@]}"; do start_database "$org"; done
  start_broker
  start_ledger
  start_lightning
  write_api_tokens
  write_organisation_cas
  for org in "${orgs[@]}"; do
    if pid_of "gateway-$org" >/dev/null; then log "gateway-$org already running"; else launch_gateway_on_host "$org"; fi
  done
  for org in "${orgs[@]}"; do
    wait_ready "gateway-$org" "$GATEWAY_READY_TIMEOUT" gateway_ready "$org"
    log "gateway-$org on $(host_name "$org"):8080, published on $(gateway_url "$org")"
  done
  start_robots_on_host
  start_shipping_on_host
  print_hosts
  print_where
}

# After down has stopped every program: the hosts themselves (their pods), and any container of
# this system a stop did not end.
remove_hosts() {
  local ids
  ids=$(podman pod ls -q --filter "label=$system_label")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman pod rm -f -t 0 $ids >/dev/null
  ids=$(podman ps -aq --filter "label=$system_label"; podman ps -aq --filter "label=dev.robotledger.fabric.state=$state/fabric")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman rm -f -t 0 $ids >/dev/null
  log "container hosts removed"
}

# On clean: the databases' volumes and the hosts' network.
remove_host_data() {
  local ids
  ids=$(podman volume ls -q --filter "label=$system_label")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman volume rm -f $ids >/dev/null
  podman network rm -f "$(containers_sh network "$SYSTEM_CONTAINER_SUBNET")" >/dev/null
}
