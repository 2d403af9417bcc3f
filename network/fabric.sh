#!/usr/bin/env bash
# Installs the Hyperledger Fabric binaries this project runs (peer, orderer, configtxgen, osnadmin,
# cryptogen and the chaincode-as-a-service builder) with `go install` at a pinned commit, into the
# git-ignored state folder.
#
# The network steps (crypto material, channel, nodes, chaincode deployment) start from these
# binaries; they are not here yet because on the project's machines the Go module proxy refuses
# every github.com/hyperledger/* module (see README, "Status").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=network/fabric.env
source "$root/network/fabric.env"
bin_dir="$root/.state/fabric/bin"
builder_dir="$root/.state/fabric/ccaas-builder/bin"
stamp="$bin_dir/.installed-commit"
fabric_commands=(peer orderer configtxgen osnadmin cryptogen)
builder_commands=(detect build release)

usage() {
  cat <<EOF
Usage: network/fabric.sh <command>

Commands:
  install   install Fabric ${FABRIC_VERSION} (commit ${FABRIC_COMMIT}) with go install into
            .state/fabric/bin; skipped when that commit is already installed
  status    say which Fabric binaries are installed, and at which commit
EOF
}

log() { printf '[fabric] %s\n' "$*"; }

installed() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$FABRIC_COMMIT" ] || return 1
  local c
  for c in "${fabric_commands[@]}"; do [ -x "$bin_dir/$c" ] || return 1; done
  for c in "${builder_commands[@]}"; do [ -x "$builder_dir/$c" ] || return 1; done
}

# Runs one `go install`; on failure explains the likely cause before go's own words.
go_install() {
  local target_dir=$1; shift
  local output
  if ! output=$(GOTOOLCHAIN=local GOBIN="$target_dir" go install "$@" 2>&1); then
    log "go install failed for Fabric ${FABRIC_VERSION} at commit ${FABRIC_COMMIT}:" >&2
    printf '%s\n' "$output" >&2
    if grep -q '403 Forbidden' <<<"$output"; then
      log "the Go module proxy ($(go env GOPROXY)) refuses this module: Fabric cannot be built on this machine." >&2
    fi
    return 1
  fi
}

install() {
  if installed; then
    log "Fabric ${FABRIC_VERSION} already installed in ${bin_dir#"$root"/}"
    return 0
  fi
  command -v go >/dev/null 2>&1 || { log "Go is required to build Fabric (go install)" >&2; return 1; }
  mkdir -p "$bin_dir" "$builder_dir"
  rm -f "$stamp"
  log "building Fabric ${FABRIC_VERSION} (${fabric_commands[*]}) with go install; the first build takes minutes"
  local packages=() c
  for c in "${fabric_commands[@]}"; do packages+=("github.com/hyperledger/fabric/cmd/$c@$FABRIC_COMMIT"); done
  go_install "$bin_dir" "${packages[@]}"
  # The builder is a nested module of the same repository, at the same commit.
  packages=()
  for c in "${builder_commands[@]}"; do packages+=("github.com/hyperledger/fabric/ccaas_builder/cmd/$c@$FABRIC_COMMIT"); done
  go_install "$builder_dir" "${packages[@]}"
  printf '%s' "$FABRIC_COMMIT" >"$stamp"
  log "installed into ${bin_dir#"$root"/} and ${builder_dir#"$root"/}"
}

status() {
  if installed; then
    log "Fabric ${FABRIC_VERSION} installed (commit ${FABRIC_COMMIT}) in ${bin_dir#"$root"/}"
  else
    log "Fabric ${FABRIC_VERSION} is not installed; run: network/fabric.sh install"
    return 1
  fi
}

case "${1:-}" in
  install) install ;;
  status) status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
