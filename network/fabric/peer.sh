#!/usr/bin/env bash
# Runs one organisation's peer in the foreground (network/fabric.sh up starts them in the
# background): LevelDB state, the chaincode-as-a-service builder, no Docker.
set -euo pipefail

# shellcheck source=network/fabric/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  echo "Usage: network/fabric/peer.sh <organisation>    (one of: $(peer_orgs | tr '\n' ' '))"
}

[ $# -eq 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || { usage >&2; exit 2; }
peer_row "$1"
require_fabric
node="$(peer_dir "$p_org")"
data="$state/nodes/peer0.$p_org"
mkdir -p "$data"

export FABRIC_CFG_PATH="$FABRIC_HOME/config"
export CORE_PEER_ID="peer0.$p_org.test"
export CORE_PEER_LOCALMSPID="$p_msp"
export CORE_PEER_MSPCONFIGPATH="$node/msp"
export CORE_PEER_LISTENADDRESS="$p_host:$p_port"
export CORE_PEER_ADDRESS="$p_host:$p_port"
export CORE_PEER_CHAINCODELISTENADDRESS="$p_host:$p_cc"
export CORE_PEER_CHAINCODEADDRESS="$p_host:$p_cc"
# Gossip finds the other organisations' peers through the anchor peers in the channel's
# configuration, and tells them this endpoint; the Fabric Gateway's discovery needs both.
export CORE_PEER_GOSSIP_BOOTSTRAP="$p_host:$p_port"
export CORE_PEER_GOSSIP_EXTERNALENDPOINT="$p_host:$p_port"
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_TLS_CERT_FILE="$node/tls/server.crt"
export CORE_PEER_TLS_KEY_FILE="$node/tls/server.key"
export CORE_PEER_TLS_ROOTCERT_FILE="$node/tls/ca.crt"
export CORE_PEER_FILESYSTEMPATH="$data/production"
export CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots"
export CORE_LEDGER_STATE_STATEDATABASE=goleveldb
export CORE_OPERATIONS_LISTENADDRESS="$p_host:$p_ops"
export CORE_METRICS_PROVIDER=prometheus
# An empty VM endpoint with an external builder: no Docker. The builder's path must be absolute.
export CORE_VM_ENDPOINT=
export CORE_CHAINCODE_EXTERNALBUILDERS="[{\"name\":\"ccaas_builder\",\"path\":\"$FABRIC_HOME/builders/ccaas\",\"propagateEnvironment\":[\"CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG\"]}]"
exec "$(fabric_bin peer)" node start
