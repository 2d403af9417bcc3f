# Shared by network/fabric.sh and the node scripts beside this file: the network's settings,
# where its state lives, and look-ups of a node's host and ports by name.

fabric_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$fabric_dir/../.." && pwd)
# FABRIC_NETWORK_ENV: another description of the network in the same form (e.g. containers.env
# beside this file: each node on a container host of its own).
# shellcheck source=network/fabric/network.env
source "${FABRIC_NETWORK_ENV:-$fabric_dir/network.env}"

# Everything the network writes: crypto material, channel artefacts, node data, logs, pids.
FABRIC_STATE_DIR=${FABRIC_STATE_DIR:-$root/.state/fabric}
state=$(realpath -m "$FABRIC_STATE_DIR")
crypto="$state/crypto"
artifacts="$state/artifacts"
pids="$state/pids"
logs="$state/logs"

log() { printf '[fabric] %s\n' "$*"; }
die() { printf '[fabric] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=network/lib/processes.sh
source "$root/network/lib/processes.sh"

fabric_bin() { echo "$FABRIC_HOME/bin/$1"; }

# How to get Fabric, for every message that finds it missing.
fabric_missing_help() {
  cat <<EOF
Fabric ${FABRIC_VERSION} was not found in FABRIC_HOME=$FABRIC_HOME.
This project uses Fabric's release as it is published: unpack the release tarball for your platform
(bin/, config/, builders/ccaas/bin/) into a folder of your choice, for example with Fabric's own
install script (install-fabric.sh binary --fabric-version ${FABRIC_VERSION}) or from the release page
of hyperledger/fabric, and set FABRIC_HOME to that folder (default /opt/fabric/v3.1.5).
EOF
}

# Why Fabric cannot be used from FABRIC_HOME, or nothing when it can.
fabric_problem() {
  local c
  for c in peer orderer configtxgen osnadmin cryptogen; do
    [ -x "$FABRIC_HOME/bin/$c" ] || { echo "$FABRIC_HOME/bin/$c is missing"; return; }
  done
  for c in detect build release; do
    [ -x "$FABRIC_HOME/builders/ccaas/bin/$c" ] || { echo "$FABRIC_HOME/builders/ccaas/bin/$c is missing"; return; }
  done
  [ -f "$FABRIC_HOME/config/core.yaml" ] && [ -f "$FABRIC_HOME/config/orderer.yaml" ] \
    || { echo "$FABRIC_HOME/config/ lacks core.yaml or orderer.yaml"; return; }
  local version
  version=$("$FABRIC_HOME/bin/peer" version 2>/dev/null | awk '/^ Version:/ {print $2}')
  [ "$version" = "$FABRIC_VERSION" ] || echo "$FABRIC_HOME/bin/peer reports version '${version:-none}', not $FABRIC_VERSION"
}

require_fabric() {
  local problem
  problem=$(fabric_problem)
  [ -z "$problem" ] || die "$problem
$(fabric_missing_help)"
}

port() { echo $(($1 + FABRIC_PORT_OFFSET)); }

# Reads one row of FABRIC_ORDERERS into o_name, o_host, o_port, o_admin, o_ops (offset applied).
orderer_row() {
  local row
  for row in "${FABRIC_ORDERERS[@]}"; do
    read -r o_name o_host o_port o_admin o_ops <<<"$row"
    if [ "$o_name" = "$1" ]; then
      o_port=$(port "$o_port"); o_admin=$(port "$o_admin"); o_ops=$(port "$o_ops")
      return 0
    fi
  done
  die "no orderer named '$1' in network/fabric/network.env"
}

# Reads one row of FABRIC_PEER_ORGS into p_org, p_msp, p_host, p_port, p_cc, p_ops (offset applied).
peer_row() {
  local row
  for row in "${FABRIC_PEER_ORGS[@]}"; do
    read -r p_org p_msp p_host p_port p_cc p_ops <<<"$row"
    if [ "$p_org" = "$1" ]; then
      p_port=$(port "$p_port"); p_cc=$(port "$p_cc"); p_ops=$(port "$p_ops")
      return 0
    fi
  done
  die "no peer organisation named '$1' in network/fabric/network.env"
}

# Any organisation, with or without a peer: sets org_msp and org_peer (the organisation whose peer
# it uses: its own, or the one network.env names for a client-only organisation), and reads that
# peer's row into the p_* variables.
org_row() {
  # grep without -q: -q stops reading at the first match, and under pipefail the writer's SIGPIPE
  # would then fail the caller now and then.
  if peer_orgs | grep -x "$1" >/dev/null; then
    peer_row "$1"; org_msp=$p_msp; org_peer=$1
  else
    client_row "$1"; org_msp=$c_msp; org_peer=$c_peer_org
  fi
  peer_row "$org_peer"
}

orderer_names() { local row; for row in "${FABRIC_ORDERERS[@]}"; do read -r n _ <<<"$row"; echo "$n"; done; }
peer_orgs() { local row; for row in "${FABRIC_PEER_ORGS[@]}"; do read -r n _ <<<"$row"; echo "$n"; done; }
client_orgs() { local row; for row in "${FABRIC_CLIENT_ORGS[@]}"; do read -r n _ <<<"$row"; echo "$n"; done; }

# The MSP id and the peer organisation of a client-only organisation.
client_row() {
  local row
  for row in "${FABRIC_CLIENT_ORGS[@]}"; do
    read -r c_org c_msp c_peer_org <<<"$row"
    [ "$c_org" = "$1" ] && return 0
  done
  die "no client organisation named '$1' in network/fabric/network.env"
}

orderer_org_dir() { echo "$crypto/ordererOrganizations/orderer.test"; }
orderer_dir() { echo "$(orderer_org_dir)/orderers/$1.orderer.test"; }
orderer_tls_ca() { echo "$(orderer_org_dir)/tlsca/tlsca.orderer.test-cert.pem"; }
peer_org_dir() { echo "$crypto/peerOrganizations/$1.test"; }
peer_dir() { echo "$(peer_org_dir "$1")/peers/peer0.$1.test"; }
peer_tls_ca() { echo "$(peer_org_dir "$1")/tlsca/tlsca.$1.test-cert.pem"; }
org_admin_msp() { echo "$(peer_org_dir "$1")/users/Admin@$1.test/msp"; }

# The first orderer that answers, as host:port, for clients that submit (lifecycle approvals).
first_orderer() {
  local name
  for name in $(orderer_names); do
    orderer_row "$name"
    if port_in_use "$o_host" "$o_port"; then echo "$o_host:$o_port"; return 0; fi
  done
  die "no orderer answers"
}

# Runs the peer CLI as an organisation's admin against its own peer.
peer_as_admin() {
  local org=$1; shift
  peer_row "$org"
  FABRIC_CFG_PATH="$FABRIC_HOME/config" \
    FABRIC_LOGGING_SPEC="${FABRIC_CLI_LOGGING_SPEC:-grpc=error:warning}" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_LOCALMSPID="$p_msp" \
    CORE_PEER_MSPCONFIGPATH="$(org_admin_msp "$org")" \
    CORE_PEER_ADDRESS="$p_host:$p_port" \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")" \
    "$(fabric_bin peer)" "$@"
}
