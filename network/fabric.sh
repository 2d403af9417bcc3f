#!/usr/bin/env bash
# The project's Fabric network: three etcdraft orderers, one peer for each of the manufacturer,
# the retailer and the lender, a client-only oracle organisation, channel `provenance` and the
# provenance chaincode as a service, all as plain processes of the Fabric release in FABRIC_HOME.
# Organisations, hosts and ports: network/fabric/network.env.
set -euo pipefail

# shellcheck source=network/fabric/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/fabric/common.sh"

usage() {
  cat <<EOF
Usage: network/fabric.sh <command> [argument]

Commands:
  check          exit 0 when FABRIC_HOME holds a usable Fabric $FABRIC_VERSION, else say why (exit 1)
  up             create crypto material and the channel if missing, start the orderers and peers,
                 join them to '$FABRIC_CHANNEL', deploy the chaincode and start it; safe to run again
  down           stop every node of the network (by recorded pid); all data is kept
  status         list the nodes and whether each runs, and the peers' block heights
  clean          down, then delete the network's state (ledgers, crypto material)
  deploy         build the chaincode jar and deploy it: a changed jar becomes the next sequence of the
                 chaincode definition, the ledger's data is kept, the chaincode process restarts;
                 with FABRIC_CHAINCODE_JAR set, that jar is deployed (and later run) without a build
  env <org>      print the variables that let the peer CLI act as that organisation's admin:
                   eval "\$(network/fabric.sh env manufacturer)"
                   peer lifecycle chaincode querycommitted -C $FABRIC_CHANNEL
  client <org>   print the settings of a client of that organisation (User1) for the gateway:
                 GATEWAY_LEDGER_* lines (peer endpoint, TLS CA, MSP id, certificate, key)
  stop <node>    stop one node: orderer1..3, peer0.<org>, or chaincode (chaincode.<org> where each
                 peer's host runs one) (for fault drills)
  start <node>   start one stopped node again, over its kept data
  nodes          list the node names

FABRIC_HOME: $FABRIC_HOME
State:       $state (FABRIC_STATE_DIR)
Logs:        $logs/<node>.log
EOF
}

# FABRIC_CHAINCODE_JAR: another jar to deploy and run (network/fabric/chaincode.sh reads it too).
chaincode_jar="${FABRIC_CHAINCODE_JAR:-$root/chaincode/target/provenance-chaincode.jar}"

# Bounded: a node on a container host that is not up yet may not answer at all.
healthy() { curl -fsS --max-time 5 "http://$1/healthz" >/dev/null; }

node_names() {
  orderer_names
  local org; for org in $(peer_orgs); do echo "peer0.$org"; done
  chaincode_nodes
}

# The chaincode services: one for every peer, or one on each peer's host (FABRIC_CHAINCODE_ON_PEER_HOSTS).
chaincode_nodes() {
  if [ "$FABRIC_CHAINCODE_ON_PEER_HOSTS" = yes ]; then
    local org; for org in $(peer_orgs); do echo "chaincode.$org"; done
  else
    echo chaincode
  fi
}

# Starts a node's script as a process here, or, when the network's description sets
# FABRIC_NODE_RUNNER (orderers and peers) or FABRIC_CHAINCODE_RUNNER (the chaincode), through that
# command, which gets the node's name and its host before the script and runs it on that host
# (network/containers.sh fabric-node: a container).
launch_node() {
  local name=$1 host=$2 port=$3 runner=${FABRIC_NODE_RUNNER:-}; shift 3
  case "$name" in chaincode*) runner=${FABRIC_CHAINCODE_RUNNER:-} ;; esac
  if [ -n "$runner" ]; then
    # shellcheck disable=SC2086
    start_process "$name" env FABRIC_HOME="$FABRIC_HOME" FABRIC_STATE_DIR="$state" \
      FABRIC_PORT_OFFSET="$FABRIC_PORT_OFFSET" FABRIC_NETWORK_ENV="${FABRIC_NETWORK_ENV:-}" \
      $runner "$name" "$host" "$@"
  else
    require_free_port "$name" "$host" "$port"
    start_process "$name" "$@"
  fi
}

start_node() {
  local name=$1
  if pid_of "$name" >/dev/null; then return 0; fi
  case "$name" in
    orderer*)
      orderer_row "$name"
      launch_node "$name" "$o_host" "$o_port" "$fabric_dir/orderer.sh" "$name"
      wait_ready "$name" 60 healthy "$o_host:$o_ops"
      ;;
    peer0.*)
      peer_row "${name#peer0.}"
      launch_node "$name" "$p_host" "$p_port" "$fabric_dir/peer.sh" "$p_org"
      wait_ready "$name" 60 healthy "$p_host:$p_ops"
      ;;
    chaincode)
      launch_node chaincode "$FABRIC_CHAINCODE_HOST" "$(port "$FABRIC_CHAINCODE_PORT")" "$fabric_dir/chaincode.sh" run
      wait_ready chaincode 120 port_in_use "$FABRIC_CHAINCODE_HOST" "$(port "$FABRIC_CHAINCODE_PORT")"
      ;;
    chaincode.*)
      [ "$FABRIC_CHAINCODE_ON_PEER_HOSTS" = yes ] || die "no node named '$name': one chaincode service serves every peer"
      # On the peer's host, where it listens on every address: this machine checks it at the host's.
      peer_row "${name#chaincode.}"
      launch_node "$name" "$p_host" "$(port "$FABRIC_CHAINCODE_PORT")" env FABRIC_CHAINCODE_LISTEN_HOST=0.0.0.0 \
        "$fabric_dir/chaincode.sh" run
      wait_ready "$name" 120 port_in_use "$p_host" "$(port "$FABRIC_CHAINCODE_PORT")"
      ;;
    *) die "no node named '$name' (network/fabric.sh nodes)" ;;
  esac
  log "$name running (pid $(pid_of "$name"))"
}

# The orderers join the channel through the channel participation API; no system channel.
join_orderers() {
  local name admin_tls
  admin_tls="$(orderer_org_dir)/users/Admin@orderer.test/tls"
  for name in $(orderer_names); do
    orderer_row "$name"
    local args=(-o "$o_host:$o_admin" --ca-file "$(orderer_tls_ca)"
      --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key")
    if ! "$(fabric_bin osnadmin)" channel list "${args[@]}" --channelID "$FABRIC_CHANNEL" 2>/dev/null \
        | grep 'Status: 200' >/dev/null; then
      "$(fabric_bin osnadmin)" channel join "${args[@]}" --channelID "$FABRIC_CHANNEL" \
        --config-block "$artifacts/genesis.block" >>"$logs/channel.log" 2>&1 \
        || die "$name could not join channel $FABRIC_CHANNEL (see $logs/channel.log)"
      log "$name joined channel $FABRIC_CHANNEL"
    fi
  done
}

join_peers() {
  local org
  for org in $(peer_orgs); do
    if ! peer_as_admin "$org" channel list 2>/dev/null | grep -x "$FABRIC_CHANNEL" >/dev/null; then
      peer_as_admin "$org" channel join -b "$artifacts/genesis.block" >>"$logs/channel.log" 2>&1 \
        || die "peer0.$org could not join channel $FABRIC_CHANNEL (see $logs/channel.log)"
      log "peer0.$org joined channel $FABRIC_CHANNEL"
    fi
  done
}

# Block height of one peer's copy of the channel.
height() {
  peer_as_admin "$1" channel getinfo -c "$FABRIC_CHANNEL" 2>/dev/null \
    | sed -n 's/^Blockchain info: //p' | jq -r '.height'
}

# Whether one of the running orderers leads the channel's Raft cluster: until then the ordering
# service refuses transactions ("no Raft leader"), as it does for a few seconds after a restart.
raft_leader_elected() {
  local name
  for name in $(orderer_names); do
    pid_of "$name" >/dev/null || continue
    orderer_row "$name"
    curl -fsS "http://$o_host:$o_ops/metrics" \
      | grep -xF "consensus_etcdraft_is_leader{channel=\"$FABRIC_CHANNEL\"} 1" >/dev/null && return 0
  done
  return 1
}

# Whether every running peer's gossip knows every other running peer on the channel: until then the
# Fabric Gateway's discovery may find no endorser of another organisation (after a peer restart, say).
gossip_complete() {
  local org running=0 known
  for org in $(peer_orgs); do pid_of "peer0.$org" >/dev/null && running=$((running + 1)); done
  for org in $(peer_orgs); do
    pid_of "peer0.$org" >/dev/null || continue
    peer_row "$org"
    known=$(curl -fsS "http://$p_host:$p_ops/metrics" \
      | grep -F "gossip_membership_total_peers_known{channel=\"$FABRIC_CHANNEL\"}" | awk '{print $2}')
    [ "${known:-0}" -ge $((running - 1)) ] || return 1
  done
}

chaincode_answers() {
  local org
  for org in $(peer_orgs); do
    peer_as_admin "$org" chaincode query -C "$FABRIC_CHANNEL" -n "$FABRIC_CHAINCODE" \
      -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>&1 || return 1
  done
}

deploy_and_run_chaincode() {
  [ -f "$chaincode_jar" ] || die "$chaincode_jar is missing: build it first (mvn -pl chaincode -am -DskipTests package)"
  local before=""
  [ -s "$state/chaincode/package-id" ] && before=$(cat "$state/chaincode/package-id")
  "$fabric_dir/chaincode.sh" deploy
  local name
  for name in $(chaincode_nodes); do
    if [ "$before" != "$(cat "$state/chaincode/package-id")" ]; then stop_process "$name"; fi
    start_node "$name"
  done
  wait_ready "$(chaincode_nodes | head -n 1)" 120 chaincode_answers
}

up() {
  require_fabric
  mkdir -p "$logs"
  "$fabric_dir/generate.sh"
  local name org
  for name in $(orderer_names); do start_node "$name"; done
  join_orderers
  wait_ready "$(orderer_names | head -n 1)" 90 raft_leader_elected
  for org in $(peer_orgs); do start_node "peer0.$org"; done
  join_peers
  deploy_and_run_chaincode
  wait_ready "peer0.$(peer_orgs | head -n 1)" 90 gossip_complete
  log "network up: channel $FABRIC_CHANNEL, chaincode $FABRIC_CHAINCODE ($(cat "$state/chaincode/package-id"))"
}

down() {
  local names name
  mapfile -t names < <(node_names)
  # The chaincode and peers before the orderers, so no peer is left waiting for its orderer.
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do stop_process "${names[$i]}"; done
}

status() {
  local name org pid
  for name in $(node_names); do
    if pid=$(pid_of "$name"); then log "$name running (pid $pid)"; else log "$name stopped"; fi
  done
  for org in $(peer_orgs); do
    pid_of "peer0.$org" >/dev/null && log "peer0.$org height: $(height "$org" || echo '?')"
  done
}

# Variables for the peer CLI as an organisation's admin (a client-only org: its admin on the peer
# of the organisation it uses), like fabric-samples' setOrgEnv.
print_env() {
  local org=${1:-}
  [ -n "$org" ] || die "env needs an organisation: $(peer_orgs | tr '\n' ' ')$(client_orgs | tr '\n' ' ')"
  org_row "$org"
  local orderer_host_port
  orderer_row "$(orderer_names | head -1)"
  orderer_host_port="$o_host:$o_port"
  cat <<EOF
export PATH="$FABRIC_HOME/bin:\$PATH"
export FABRIC_CFG_PATH="$FABRIC_HOME/config"
export FABRIC_LOGGING_SPEC='grpc=error:info'
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_LOCALMSPID="$org_msp"
export CORE_PEER_MSPCONFIGPATH="$(peer_org_dir "$org")/users/Admin@$org.test/msp"
export CORE_PEER_ADDRESS="$p_host:$p_port"
export CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org_peer")"
export ORDERER_ADDRESS="$orderer_host_port"
export ORDERER_CA="$(orderer_tls_ca)"
export CHANNEL="$FABRIC_CHANNEL"
EOF
}

# A client identity of the organisation (User1, a `client` by NodeOU), on its own peer or, for a
# client-only organisation, the peer of the organisation it uses.
print_client() {
  local org=${1:-}
  [ -n "$org" ] || die "client needs an organisation: $(peer_orgs | tr '\n' ' ')$(client_orgs | tr '\n' ' ')"
  org_row "$org"
  local user="$(peer_org_dir "$org")/users/User1@$org.test/msp"
  printf '%s\n' \
    "GATEWAY_LEDGER_PEERENDPOINT=$p_host:$p_port" \
    "GATEWAY_LEDGER_TLSSERVERNAME=peer0.$org_peer.test" \
    "GATEWAY_LEDGER_TLSCACERTFILE=$(peer_tls_ca "$org_peer")" \
    "GATEWAY_LEDGER_MSPID=$org_msp" \
    "GATEWAY_LEDGER_CERTIFICATEFILE=$user/signcerts/User1@$org.test-cert.pem" \
    "GATEWAY_LEDGER_PRIVATEKEYFILE=$user/keystore/priv_sk" \
    "GATEWAY_LEDGER_CHANNEL=$FABRIC_CHANNEL" \
    "GATEWAY_LEDGER_CHAINCODE=$FABRIC_CHAINCODE"
}

build_chaincode() {
  log "building the chaincode jar (mvn -pl chaincode -am -DskipTests package)"
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl chaincode -am -DskipTests package)
}

case "${1:-}" in
  check)
    problem=$(fabric_problem)
    if [ -n "$problem" ]; then printf '%s\n' "$problem" >&2; fabric_missing_help >&2; exit 1; fi
    echo "Fabric $FABRIC_VERSION in $FABRIC_HOME"
    ;;
  up) up ;;
  down) down ;;
  status) status ;;
  clean) down; rm -rf "$state"; log "network state removed" ;;
  deploy) require_fabric; [ -n "${FABRIC_CHAINCODE_JAR:-}" ] || build_chaincode; deploy_and_run_chaincode ;;
  env) print_env "${2:-}" ;;
  client) print_client "${2:-}" ;;
  stop) [ -n "${2:-}" ] || die "stop needs a node: $(node_names | tr '\n' ' ')"; node_names | grep -x "$2" >/dev/null || die "no node named '$2'"; stop_process "$2" ;;
  start)
    [ -n "${2:-}" ] || die "start needs a node: $(node_names | tr '\n' ' ')"
    start_node "$2"
    # A restarted peer is back for endorsements once gossip has it in the channel's membership again.
    case "$2" in peer0.*) [ ! -f "$artifacts/genesis.block" ] || wait_ready "$2" 90 gossip_complete ;; esac
    ;;
  nodes) node_names ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
