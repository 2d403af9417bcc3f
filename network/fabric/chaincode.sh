#!/usr/bin/env bash
# The provenance chaincode as a service: `deploy` packages the built chaincode jar, installs the
# package on every peer, has the peer organisations approve it and commits it to the channel,
# as the next sequence when the jar changed (the ledger's data is kept); `run` runs the
# chaincode process in the foreground for the package the channel has committed.
set -euo pipefail

# shellcheck source=network/fabric/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Another jar (e.g. a changed copy for an upgrade drill) instead of the one the build makes.
jar="${FABRIC_CHAINCODE_JAR:-$root/chaincode/target/provenance-chaincode.jar}"
collections="$root/chaincode/collections_config.json"
cc_state="$state/chaincode"

usage() {
  cat <<EOF
Usage: network/fabric/chaincode.sh deploy       install, approve and commit $jar
       network/fabric/chaincode.sh run          run the chaincode service for the deployed package
       network/fabric/chaincode.sh package-id   print the deployed package's id

The package's label carries the jar's SHA-256, and the package is built byte for byte the same
from the same jar, so its package id names the jar: a changed jar is a new package, deployed as the
next sequence of the chaincode definition.

FABRIC_CHAINCODE_JAR: deploy and run that jar instead of the build's (default $root/chaincode/target/provenance-chaincode.jar).
FABRIC_CHAINCODE_LISTEN_HOST: the address run listens on (default FABRIC_CHAINCODE_HOST, the one the
package names; 0.0.0.0 on a peer's container host).
EOF
}

label() { echo "${FABRIC_CHAINCODE}_$(sha256sum "$jar" | cut -c1-16)"; }

# Fixed times, owners and order: the same files give the same bytes.
tar_fixed() {
  local dir=$1; shift
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -cf - "$@" | gzip -n
}

# A chaincode-as-a-service package: metadata.json and code.tar.gz holding connection.json.
build_package() {
  local label=$1 work
  work=$(mktemp -d)
  printf '{"address":"%s:%s","dial_timeout":"10s","tls_required":false}\n' \
    "$FABRIC_CHAINCODE_HOST" "$(port "$FABRIC_CHAINCODE_PORT")" >"$work/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  tar_fixed "$work" connection.json >"$work/code.tar.gz"
  tar_fixed "$work" metadata.json code.tar.gz >"$cc_state/$label.tgz"
  rm -rf "$work"
}

committed_sequence() {
  peer_as_admin manufacturer lifecycle chaincode querycommitted -C "$FABRIC_CHANNEL" -n "$FABRIC_CHAINCODE" \
    --output json 2>/dev/null | jq -r '.sequence // 0' || echo 0
}

# The package the manufacturer approved for a sequence, or nothing.
approved_package() {
  peer_as_admin manufacturer lifecycle chaincode queryapproved -C "$FABRIC_CHANNEL" -n "$FABRIC_CHAINCODE" \
    --sequence "$1" --output json 2>/dev/null | jq -r '.source.Type.LocalPackage.package_id // ""' || true
}

install_everywhere() {
  local package=$1 package_id=$2 org
  for org in $(peer_orgs); do
    if ! peer_as_admin "$org" lifecycle chaincode queryinstalled --output json \
        | jq -e --arg id "$package_id" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
      peer_as_admin "$org" lifecycle chaincode install "$package" >>"$logs/lifecycle.log" 2>&1 \
        || die "installing the chaincode on peer0.$org failed (see $logs/lifecycle.log)"
      log "installed $(basename "$package" .tgz) on peer0.$org"
    fi
  done
}

deploy() {
  [ -f "$jar" ] || die "$jar is missing: build it with mvn -pl chaincode -DskipTests package"
  mkdir -p "$cc_state" "$logs"
  local label package package_id committed sequence orderer org readiness
  label=$(label)
  package="$cc_state/$label.tgz"
  [ -f "$package" ] || build_package "$label"
  package_id=$(peer_as_admin manufacturer lifecycle chaincode calculatepackageid "$package")
  install_everywhere "$package" "$package_id"

  committed=$(committed_sequence)
  if [ "$committed" -gt 0 ] && [ "$(approved_package "$committed")" = "$package_id" ]; then
    echo "$package_id" >"$cc_state/package-id"
    return 0
  fi
  sequence=$((committed + 1))
  orderer=(-o "$(first_orderer)" --tls --cafile "$(orderer_tls_ca)")
  local definition=(-C "$FABRIC_CHANNEL" -n "$FABRIC_CHAINCODE" --version "$label" --sequence "$sequence"
    --signature-policy "$FABRIC_ENDORSEMENT_POLICY" --collections-config "$collections")
  # An earlier deploy that stopped half-way may have left some approvals: approve only what is missing.
  readiness=$(peer_as_admin manufacturer lifecycle chaincode checkcommitreadiness "${definition[@]}" --output json)
  for org in $(peer_orgs); do
    peer_row "$org"
    if [ "$(jq -r --arg msp "$p_msp" '.approvals[$msp]' <<<"$readiness")" != true ]; then
      peer_as_admin "$org" lifecycle chaincode approveformyorg "${definition[@]}" --package-id "$package_id" \
        "${orderer[@]}" --waitForEvent >>"$logs/lifecycle.log" 2>&1 \
        || die "$p_msp could not approve sequence $sequence (see $logs/lifecycle.log)"
      log "$p_msp approved $label as sequence $sequence"
    fi
  done
  local peers=()
  for org in $(peer_orgs); do
    peer_row "$org"
    peers+=(--peerAddresses "$p_host:$p_port" --tlsRootCertFiles "$(peer_tls_ca "$org")")
  done
  peer_as_admin manufacturer lifecycle chaincode commit "${definition[@]}" "${peers[@]}" "${orderer[@]}" \
    --waitForEvent >>"$logs/lifecycle.log" 2>&1 \
    || die "committing sequence $sequence failed (see $logs/lifecycle.log)"
  log "committed $label as sequence $sequence of $FABRIC_CHAINCODE on channel $FABRIC_CHANNEL"
  echo "$package_id" >"$cc_state/package-id"
}

run() {
  [ -s "$cc_state/package-id" ] || die "no chaincode deployed yet: network/fabric/chaincode.sh deploy"
  [ -f "$jar" ] || die "$jar is missing"
  # A clean environment: an inherited CORE_PEER_TLS_ENABLED would switch the shim to TLS.
  exec env -i PATH="$PATH" \
    CHAINCODE_SERVER_ADDRESS="${FABRIC_CHAINCODE_LISTEN_HOST:-$FABRIC_CHAINCODE_HOST}:$(port "$FABRIC_CHAINCODE_PORT")" \
    CORE_CHAINCODE_ID_NAME="$(cat "$cc_state/package-id")" \
    java -Xmx256m -jar "$jar"
}

case "${1:-}" in
  deploy) require_fabric; deploy ;;
  run) run ;;
  package-id) cat "$cc_state/package-id" ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
