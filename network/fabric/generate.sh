#!/usr/bin/env bash
# Creates the network's crypto material (cryptogen) and the channel's genesis block (configtxgen)
# from network/fabric/network.env, into the state folder. Each is made once and kept afterwards:
# the nodes' ledgers are bound to them.
set -euo pipefail

# shellcheck source=network/fabric/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: network/fabric/generate.sh

Writes, unless already there:
  $state/crypto/           keys and certificates of every node, admin and client (NodeOUs, TLS)
  $state/artifacts/        configtx.yaml and the genesis block of channel '$FABRIC_CHANNEL'
EOF
}

# SANs: the node's own name, the host it listens on, and loopback, so clients may dial any of them.
sans() {
  printf '        SANS:\n'
  printf '          - "%s"\n' localhost 127.0.0.1 "$@" | sort -u
}

write_crypto_config() {
  local name org
  {
    echo "OrdererOrgs:"
    echo "  - Name: Orderer"
    echo "    Domain: orderer.test"
    echo "    EnableNodeOUs: true"
    echo "    Specs:"
    for name in $(orderer_names); do
      orderer_row "$name"
      echo "      - Hostname: $name"
      sans "$o_host"
    done
    echo "PeerOrgs:"
    for org in $(peer_orgs); do
      peer_row "$org"
      echo "  - Name: $p_msp"
      echo "    Domain: $org.test"
      echo "    EnableNodeOUs: true"
      echo "    Specs:"
      echo "      - Hostname: peer0"
      sans "$p_host"
      echo "    Users:"
      echo "      Count: 1"
    done
    for org in $(client_orgs); do
      client_row "$org"
      echo "  - Name: $c_msp"
      echo "    Domain: $org.test"
      echo "    EnableNodeOUs: true"
      echo "    Template:"
      echo "      Count: 0"
      echo "    Users:"
      echo "      Count: 1"
    done
  } >"$artifacts/crypto-config.yaml"
}

# Policies by NodeOU role: members read, admins and clients write, peers endorse. The orderer
# organisation's nodes sign blocks, so its writers are all its members.
org_policies() {
  local msp=$1 writers="OR('$1.admin', '$1.client')"
  [ "$msp" != OrdererMSP ] || writers="OR('$1.member')"
  cat <<EOF
    Policies:
      Readers:
        Type: Signature
        Rule: "OR('$msp.admin', '$msp.peer', '$msp.client')"
      Writers:
        Type: Signature
        Rule: "$writers"
      Admins:
        Type: Signature
        Rule: "OR('$msp.admin')"
      Endorsement:
        Type: Signature
        Rule: "OR('$msp.peer')"
EOF
}

# The channel-level policies every configuration group has: any member reads and writes, a
# majority of the organisations' admins administers. $1 is the group's indentation.
implicit_meta_policies() {
  local indent=$1
  printf '%sPolicies:\n' "$indent"
  printf '%s  %s:\n%s    Type: ImplicitMeta\n%s    Rule: "%s"\n' \
    "$indent" Readers "$indent" "$indent" "ANY Readers" \
    "$indent" Writers "$indent" "$indent" "ANY Writers" \
    "$indent" Admins "$indent" "$indent" "MAJORITY Admins"
}

write_configtx() {
  local name org
  {
    echo "Organizations:"
    echo "  - &OrdererOrg"
    echo "    Name: OrdererMSP"
    echo "    ID: OrdererMSP"
    echo "    MSPDir: $(orderer_org_dir)/msp"
    org_policies OrdererMSP
    echo "    OrdererEndpoints:"
    for name in $(orderer_names); do orderer_row "$name"; echo "      - $o_host:$o_port"; done
    for org in $(peer_orgs); do
      peer_row "$org"
      echo "  - &$p_msp"
      echo "    Name: $p_msp"
      echo "    ID: $p_msp"
      echo "    MSPDir: $(peer_org_dir "$org")/msp"
      org_policies "$p_msp"
      # Anchor peers let other organisations' peers, and so the Fabric Gateway's discovery, find it.
      echo "    AnchorPeers:"
      echo "      - Host: $p_host"
      echo "        Port: $p_port"
    done
    for org in $(client_orgs); do
      client_row "$org"
      echo "  - &$c_msp"
      echo "    Name: $c_msp"
      echo "    ID: $c_msp"
      echo "    MSPDir: $(peer_org_dir "$org")/msp"
      org_policies "$c_msp"
    done
    cat <<EOF
Capabilities:
  Channel: &ChannelCapabilities
    V3_0: true
  Orderer: &OrdererCapabilities
    V2_0: true
  Application: &ApplicationCapabilities
    V2_5: true
Profiles:
  ProvenanceChannel:
EOF
    implicit_meta_policies "    "
    cat <<EOF
    Capabilities: *ChannelCapabilities
    Orderer:
      OrdererType: etcdraft
      BatchTimeout: $FABRIC_BATCH_TIMEOUT
      BatchSize:
        MaxMessageCount: $FABRIC_BATCH_MAX_MESSAGES
        AbsoluteMaxBytes: 99 MB
        PreferredMaxBytes: 2 MB
      EtcdRaft:
        Consenters:
EOF
    for name in $(orderer_names); do
      orderer_row "$name"
      echo "          - Host: $o_host"
      echo "            Port: $o_port"
      echo "            ClientTLSCert: $(orderer_dir "$name")/tls/server.crt"
      echo "            ServerTLSCert: $(orderer_dir "$name")/tls/server.crt"
    done
    cat <<EOF
      Organizations:
        - *OrdererOrg
EOF
    implicit_meta_policies "      "
    cat <<EOF
        BlockValidation:
          Type: ImplicitMeta
          Rule: "ANY Writers"
      Capabilities: *OrdererCapabilities
    Application:
      Organizations:
EOF
    for org in $(peer_orgs); do peer_row "$org"; echo "        - *$p_msp"; done
    for org in $(client_orgs); do client_row "$org"; echo "        - *$c_msp"; done
    # The client-only organisation has no peer: a majority of all organisations is the three
    # peer organisations, so they approve and endorse the chaincode definition.
    cat <<EOF
EOF
    implicit_meta_policies "      "
    cat <<EOF
        LifecycleEndorsement:
          Type: ImplicitMeta
          Rule: "MAJORITY Endorsement"
        Endorsement:
          Type: ImplicitMeta
          Rule: "MAJORITY Endorsement"
      Capabilities: *ApplicationCapabilities
EOF
  } >"$artifacts/configtx.yaml"
}

main() {
  case "${1:-}" in
    "") ;;
    -h|--help) usage; return 0 ;;
    *) usage >&2; return 2 ;;
  esac
  require_fabric
  mkdir -p "$artifacts"
  if [ ! -d "$crypto/peerOrganizations" ]; then
    write_crypto_config
    log "creating crypto material (cryptogen) in $crypto"
    "$(fabric_bin cryptogen)" generate --config="$artifacts/crypto-config.yaml" --output="$crypto.tmp" >/dev/null
    mv "$crypto.tmp" "$crypto"
  fi
  if [ ! -f "$artifacts/genesis.block" ]; then
    write_configtx
    log "creating the genesis block of channel $FABRIC_CHANNEL (configtxgen)"
    "$(fabric_bin configtxgen)" -configPath "$artifacts" -profile ProvenanceChannel \
      -channelID "$FABRIC_CHANNEL" -outputBlock "$artifacts/genesis.block.tmp" 2>"$artifacts/configtxgen.log" \
      || die "configtxgen failed: $(tail -n 5 "$artifacts/configtxgen.log")"
    mv "$artifacts/genesis.block.tmp" "$artifacts/genesis.block"
  fi
}

main "$@"
