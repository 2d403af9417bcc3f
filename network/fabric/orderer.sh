#!/usr/bin/env bash
# Runs one orderer of the network in the foreground (network/fabric.sh up starts them in the
# background). Its ledger, Raft WAL and snapshots live in the state folder.
set -euo pipefail

# shellcheck source=network/fabric/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  echo "Usage: network/fabric/orderer.sh <name>    (one of: $(orderer_names | tr '\n' ' '))"
}

[ $# -eq 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || { usage >&2; exit 2; }
orderer_row "$1"
require_fabric
node="$(orderer_dir "$o_name")"
data="$state/nodes/$o_name"
mkdir -p "$data"

export FABRIC_CFG_PATH="$FABRIC_HOME/config"
export ORDERER_GENERAL_LISTENADDRESS="$o_host"
export ORDERER_GENERAL_LISTENPORT="$o_port"
export ORDERER_GENERAL_LOCALMSPID=OrdererMSP
export ORDERER_GENERAL_LOCALMSPDIR="$node/msp"
export ORDERER_GENERAL_TLS_ENABLED=true
export ORDERER_GENERAL_TLS_PRIVATEKEY="$node/tls/server.key"
export ORDERER_GENERAL_TLS_CERTIFICATE="$node/tls/server.crt"
export ORDERER_GENERAL_TLS_ROOTCAS="[$node/tls/ca.crt]"
export ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$node/tls/server.crt"
export ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$node/tls/server.key"
export ORDERER_GENERAL_CLUSTER_ROOTCAS="[$node/tls/ca.crt]"
# No system channel: channels are joined through the channel participation API (osnadmin).
export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
export ORDERER_CHANNELPARTICIPATION_ENABLED=true
export ORDERER_ADMIN_LISTENADDRESS="$o_host:$o_admin"
export ORDERER_ADMIN_TLS_ENABLED=true
export ORDERER_ADMIN_TLS_CERTIFICATE="$node/tls/server.crt"
export ORDERER_ADMIN_TLS_PRIVATEKEY="$node/tls/server.key"
export ORDERER_ADMIN_TLS_ROOTCAS="[$node/tls/ca.crt]"
export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
export ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$node/tls/ca.crt]"
export ORDERER_OPERATIONS_LISTENADDRESS="$o_host:$o_ops"
export ORDERER_METRICS_PROVIDER=prometheus
export ORDERER_FILELEDGER_LOCATION="$data/ledger"
export ORDERER_CONSENSUS_WALDIR="$data/etcdraft/wal"
export ORDERER_CONSENSUS_SNAPDIR="$data/etcdraft/snapshot"
exec "$(fabric_bin orderer)"
