#!/usr/bin/env bash
# The project's Lightning pair on a regtest Bitcoin chain: btcd, and one lnd node each for the
# lender and the borrower (the manufacturer), funded, with a channel lender -> borrower, all on
# loopback. Versions, hosts and ports: network/lightning.env.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=network/lightning.env
source "$root/network/lightning.env"

# Everything the pair writes: chain and wallet data, TLS certificates, macaroons, logs, pids.
LIGHTNING_STATE_DIR=${LIGHTNING_STATE_DIR:-$root/.state/lightning}
state=$(realpath -m "$LIGHTNING_STATE_DIR")
pids="$state/pids"
logs="$state/logs"
bin="$LIGHTNING_HOME/bin"

log() { printf '[lightning] %s\n' "$*"; }
die() { printf '[lightning] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=network/lib/processes.sh
source "$root/network/lib/processes.sh"

usage() {
  cat <<EOF
Usage: network/lightning.sh <command> [argument]

Commands:
  install        build btcd, btcctl ($BTCD_VERSION), lnd and lncli ($LND_VERSION) from the Go module
                 proxy into LIGHTNING_HOME/bin; skipped when they are there
  check          exit 0 when LIGHTNING_HOME holds the four binaries, else say which is missing (exit 1)
  up             start btcd (regtest) and the lnd nodes ($(node_names | tr '\n' ' ')), fund them, open the
                 channel lender -> borrower and wait until it carries payments; safe to run again
  down           stop the lnd nodes, then btcd (by recorded pid); all data is kept
  status         list the processes, whether each runs and its memory, and the channel's balances
  clean          down, then delete the pair's state (chain, wallets, TLS, macaroons)
  env <node>     print the variables and a function that run lncli as that node:
                   eval "\$(network/lightning.sh env lender)"; lncli getinfo
  client <node>  print the settings of a gateway using that node: GATEWAY_LIGHTNING_* lines
  host <name>    print the address btcd or a node listens on (its container host's, or LIGHTNING_HOST)
  stop <node>    stop one lnd node, for fault drills
  start <node>   start a stopped lnd node again, over its kept data
  ready          wait until the channel carries payments both ways, connecting the peers if they
                 are not (after a fault drill)
  header <hash>  print a block's 80-byte header as hex, as btcd has it: what the offline verifier
                 of a provenance certificate checks the certificate's Bitcoin anchor against
  mine [count]   mine count blocks (default 1) to the lender's wallet: regtest has no miners, so a
                 transaction (e.g. the manufacturer's ledger anchor) confirms only when someone mines.
                 With LIGHTNING_MINE_EVERY=<seconds>, \`up\` also starts a miner that mines one block
                 that often (network/system.sh sets it), until \`down\`

btcd deletes its regtest chain whenever it starts: after \`down\`, \`up\` makes a new chain, new
wallets and a new channel. An lnd node alone (stop/start) keeps everything.

LIGHTNING_HOME: $LIGHTNING_HOME
State:          $state (LIGHTNING_STATE_DIR)
Ports:          network/lightning.env, moved by LIGHTNING_PORT_OFFSET ($LIGHTNING_PORT_OFFSET)
Hosts:          LIGHTNING_HOSTS=$LIGHTNING_HOSTS: \`machine\` runs every node here at $LIGHTNING_HOST;
                \`containers\` runs each on a container host of its own (network/containers.sh
                lightning-node), btcd at $LIGHTNING_CONTAINER_SUBNET.2 and the lnd nodes after it
Logs:           $logs/<name>.log
EOF
}

port() { echo $(($1 + LIGHTNING_PORT_OFFSET)); }

on_containers() {
  case "$LIGHTNING_HOSTS" in
    machine) return 1 ;; containers) return 0 ;;
    *) die "LIGHTNING_HOSTS is machine or containers, not '$LIGHTNING_HOSTS'" ;;
  esac
}

# The address a node (btcd or an lnd node) listens on and is reached at.
host_of() {
  local name last=3
  if [ "$1" != btcd ]; then
    for name in $(node_names); do [ "$name" = "$1" ] && break; last=$((last + 1)); done
    [ "$name" = "$1" ] || die "no node named '$1' in network/lightning.env (btcd $(node_names | paste -sd ' ' -))"
  fi
  if ! on_containers; then echo "$LIGHTNING_HOST"
  elif [ "$1" = btcd ]; then echo "$LIGHTNING_CONTAINER_SUBNET.2"
  else echo "$LIGHTNING_CONTAINER_SUBNET.$last"; fi
}

# Starts a node's program as a process here, or on its container host: then the process here is
# `podman run` in the foreground, and stopping it stops the container.
launch() {
  local name=$1; shift
  if on_containers; then
    start_process "$name" env LIGHTNING_HOME="$LIGHTNING_HOME" LIGHTNING_STATE_DIR="$state" \
      "$root/network/containers.sh" lightning-node "$name" "$(host_of "$name")" "$@"
  else
    start_process "$name" "$@"
  fi
}

# Only this machine's ports can be taken; a container host has its own.
require_free_ports() {
  local name=$1 p; shift
  on_containers && return 0
  for p in "$@"; do require_free_port "$name" "$LIGHTNING_HOST" "$p"; done
}

node_names() {
  local row name; for row in "${LIGHTNING_NODES[@]}"; do read -r name _ <<<"$row"; echo "$name"; done
}

# Reads one row of LIGHTNING_NODES into n_name, n_p2p, n_grpc, n_rest (offset applied).
node_row() {
  local row
  for row in "${LIGHTNING_NODES[@]}"; do
    read -r n_name n_p2p n_grpc n_rest <<<"$row"
    if [ "$n_name" = "$1" ]; then
      n_p2p=$(port "$n_p2p"); n_grpc=$(port "$n_grpc"); n_rest=$(port "$n_rest")
      return 0
    fi
  done
  die "no node named '$1' in network/lightning.env ($(node_names | tr '\n' ' '))"
}

# --- install ---

binaries_problem() {
  local b
  for b in btcd btcctl lnd lncli; do
    [ -x "$bin/$b" ] || { echo "$bin/$b is missing (network/lightning.sh install)"; return; }
  done
}

install() {
  if [ -z "$(binaries_problem)" ]; then log "btcd $BTCD_VERSION and lnd $LND_VERSION already in $bin"; return 0; fi
  command -v go >/dev/null || die "Go is needed to build btcd and lnd (apt-get install golang-go, or go.dev/dl)"
  mkdir -p "$bin"
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/lightning-build.XXXXXX")
  # shellcheck disable=SC2064
  trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT

  if [ ! -x "$bin/btcd" ] || [ ! -x "$bin/btcctl" ]; then
    log "building btcd and btcctl $BTCD_VERSION (go install)"
    GOBIN="$work/bin" go install "github.com/btcsuite/btcd@$BTCD_VERSION" \
      "github.com/btcsuite/btcd/cmd/btcctl@$BTCD_VERSION"
    mv "$work/bin/btcd" "$work/bin/btcctl" "$bin/"
  fi

  if [ ! -x "$bin/lnd" ] || [ ! -x "$bin/lncli" ]; then
    # go install refuses lnd (its go.mod has replace directives): build inside a copy of the module.
    log "building lnd and lncli $LND_VERSION with $LND_GOTOOLCHAIN (8-20 minutes on two cores when cold)"
    local dir
    dir=$(GOTOOLCHAIN=$LND_GOTOOLCHAIN go mod download -json "github.com/lightningnetwork/lnd@$LND_VERSION" | jq -r '.Dir')
    [ -d "$dir" ] || die "go mod download did not give lnd $LND_VERSION"
    cp -r "$dir" "$work/lnd"
    chmod -R u+w "$work/lnd"
    (
      cd "$work/lnd"
      export GOTOOLCHAIN=$LND_GOTOOLCHAIN
      # The module proxy no longer serves the kvdb version lnd asks for; this one builds and works.
      go mod edit -replace "github.com/lightningnetwork/lnd/kvdb=github.com/lightningnetwork/lnd/kvdb@$LND_KVDB_VERSION"
      go mod download github.com/lightningnetwork/lnd/kvdb
      ldflags="-s -w -X github.com/lightningnetwork/lnd/build.Commit=$LND_VERSION"
      go build -mod=mod -trimpath -tags "$LND_BUILD_TAGS" -ldflags "$ldflags" -o "$work/bin/lnd" ./cmd/lnd
      go build -mod=mod -trimpath -tags "$LND_BUILD_TAGS" -ldflags "$ldflags" -o "$work/bin/lncli" ./cmd/lncli
    )
    mv "$work/bin/lnd" "$work/bin/lncli" "$bin/"
  fi
  log "installed into $bin: $("$bin/lnd" --version 2>&1 | head -1)"
}

require_binaries() {
  local problem
  problem=$(binaries_problem)
  [ -z "$problem" ] || die "$problem"
}

# --- btcd ---

btcd_dir="$state/btcd"

# RPC credentials made once per state folder; lnd and btcctl read them from here.
btcd_credentials() {
  if [ ! -s "$btcd_dir/rpc.env" ]; then
    mkdir -p "$btcd_dir"
    printf 'rpc_user=%s\nrpc_pass=%s\n' "lightning" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" \
      >"$btcd_dir/rpc.env"
    chmod 600 "$btcd_dir/rpc.env"
    # Empty configuration files of their own, so neither btcd nor btcctl reads or writes ~/.btcd.
    : >"$btcd_dir/btcd.conf"
    : >"$btcd_dir/btcctl.conf"
  fi
  # shellcheck disable=SC1091
  source "$btcd_dir/rpc.env"
}

btcctl() {
  btcd_credentials
  "$bin/btcctl" --configfile="$btcd_dir/btcctl.conf" --regtest --rpcserver="$(host_of btcd):$(port "$BTCD_RPC_PORT")" \
    --rpcuser="$rpc_user" --rpcpass="$rpc_pass" --rpccert="$btcd_dir/rpc.cert" "$@"
}

start_btcd() {
  if pid_of btcd >/dev/null; then return 0; fi
  btcd_credentials
  local host
  host=$(host_of btcd)
  local args=(--configfile="$btcd_dir/btcd.conf" --regtest --datadir="$btcd_dir/data" --logdir="$btcd_dir/logs" --txindex
    --listen="$host:$(port "$BTCD_P2P_PORT")" --rpclisten="$host:$(port "$BTCD_RPC_PORT")"
    --rpcuser="$rpc_user" --rpcpass="$rpc_pass" --rpccert="$btcd_dir/rpc.cert" --rpckey="$btcd_dir/rpc.key"
    --nodnsseed --debuglevel=info)
  # Blocks are mined (btcctl generate) to the lender's wallet; known once the lender has run.
  [ -s "$state/mining-address" ] && args+=(--miningaddr="$(cat "$state/mining-address")")
  require_free_ports btcd "$(port "$BTCD_RPC_PORT")" "$(port "$BTCD_P2P_PORT")"
  launch btcd "$bin/btcd" "${args[@]}"
  wait_ready btcd 60 btcctl getblockcount
  log "btcd running (pid $(pid_of btcd)), height $(btcctl getblockcount)"
}

mine() { btcctl generate "$1" >/dev/null; }

# --- lnd ---

lnd_dir() { echo "$state/$1"; }

lncli_as() {
  local node=$1; shift
  node_row "$node"
  "$bin/lncli" --lnddir="$(lnd_dir "$node")" --network=regtest --rpcserver="$(host_of "$node"):$n_grpc" "$@"
}

# lnd answers RPCs once its wallet is open (RPC_ACTIVE) and runs its server once it has followed
# btcd to a tip younger than two hours (SERVER_ACTIVE).
lnd_state() { lncli_as "$1" state 2>/dev/null | jq -r '.state'; }
server_active() { [ "$(lnd_state "$1")" = SERVER_ACTIVE ]; }
rpc_active() { case "$(lnd_state "$1")" in RPC_ACTIVE|SERVER_ACTIVE) return 0 ;; *) return 1 ;; esac; }
synced() { lncli_as "$1" getinfo 2>/dev/null | jq -e '.synced_to_chain' >/dev/null; }

# Starts a node and waits until it is ready: to serve (SERVER_ACTIVE, synced), or with
# `rpc-only` just until its wallet answers.
start_lnd() {
  local node=$1 readiness=${2:-serve}
  if pid_of "$node" >/dev/null; then return 0; fi
  node_row "$node"
  btcd_credentials
  require_free_ports "$node" "$n_p2p" "$n_grpc" "$n_rest"
  local host
  host=$(host_of "$node")
  # --noseedbackup: a wallet without prompts, unlocked at start; never for real funds.
  launch "$node" "$bin/lnd" --lnddir="$(lnd_dir "$node")" --alias="$node" \
    --bitcoin.regtest --bitcoin.node=btcd \
    --btcd.rpchost="$(host_of btcd):$(port "$BTCD_RPC_PORT")" --btcd.rpcuser="$rpc_user" \
    --btcd.rpcpass="$rpc_pass" --btcd.rpccert="$btcd_dir/rpc.cert" \
    --listen="$host:$n_p2p" --rpclisten="$host:$n_grpc" --restlisten="$host:$n_rest" \
    --tlsextraip="$host" --tlsextradomain=localhost \
    --noseedbackup --nobootstrap --debuglevel=info
  if [ "$readiness" = rpc-only ]; then
    wait_ready "$node" 120 rpc_active "$node"
    return 0
  fi
  wait_ready "$node" 120 server_active "$node"
  wait_ready "$node" 60 synced "$node"
  log "$node running (pid $(pid_of "$node")), pubkey $(pubkey "$node")"
}

pubkey() { lncli_as "$1" getinfo | jq -r '.identity_pubkey'; }

confirmed_sats() { lncli_as "$1" walletbalance | jq -r '.confirmed_balance'; }

has_funds() { [ "$(confirmed_sats lender)" -gt "$LIGHTNING_CHANNEL_SATS" ]; }

# The borrower (the manufacturer) pays on-chain fees of its own: its gateway anchors the ledger in
# Bitcoin transactions from its wallet. The channel gives it no on-chain coins, so the lender sends some.
fund_borrower_wallet() {
  [ "$(confirmed_sats borrower)" -ge "$LIGHTNING_BORROWER_ONCHAIN_SATS" ] && return 0
  log "sending $LIGHTNING_BORROWER_ONCHAIN_SATS sats on-chain to the borrower's wallet"
  lncli_as lender sendcoins --addr="$(lncli_as borrower newaddress p2wkh | jq -r '.address')" \
    --amt="$LIGHTNING_BORROWER_ONCHAIN_SATS" >/dev/null
  mine 1
  wait_ready borrower 60 borrower_funded
}

borrower_funded() { [ "$(confirmed_sats borrower)" -ge "$LIGHTNING_BORROWER_ONCHAIN_SATS" ]; }

# btcd mines only to the address given at its start (--miningaddr; it has no generatetoaddress):
# the first `up` opens the lender's wallet, takes an address and restarts btcd with it.
mining_address() {
  [ -s "$state/mining-address" ] && return 0
  start_lnd lender rpc-only
  lncli_as lender newaddress p2wkh | jq -r '.address' >"$state/mining-address.tmp"
  mv "$state/mining-address.tmp" "$state/mining-address"
  log "blocks are mined to the lender's address $(cat "$state/mining-address")"
  stop_process lender
  stop_process btcd
  start_btcd
}

tip_age_seconds() {
  local time
  time=$(btcctl getblockheader "$(btcctl getbestblockhash)" | jq -r '.time')
  echo $(($(date +%s) - time))
}

# Coinbase outputs mature after 100 blocks; lnd serves only on a tip younger than two hours.
mine_to_lender() {
  local height
  height=$(btcctl getblockcount)
  if [ "$height" -lt 106 ]; then
    log "mining $((106 - height)) blocks to the lender's wallet"
    mine $((106 - height))
  elif [ "$(tip_age_seconds)" -gt 3600 ]; then
    mine 1
  fi
}

channel_json() {
  lncli_as lender listchannels --peer="$(pubkey borrower)" | jq -c '.channels[0] // empty'
}

channel_active() {
  [ "$(lncli_as lender listchannels --active_only --peer="$(pubkey borrower)" | jq '.channels | length')" -gt 0 ] \
    && [ "$(lncli_as borrower listchannels --active_only --peer="$(pubkey lender)" | jq '.channels | length')" -gt 0 ]
}

pending_open() {
  lncli_as lender pendingchannels | jq -e '.pending_open_channels | length > 0' >/dev/null
}

connect_peers() {
  node_row borrower
  local address="$(pubkey borrower)@$(host_of borrower):$n_p2p"
  if ! peers_connected; then
    # The borrower may be connecting at the same moment; what counts is the check after.
    lncli_as lender connect "$address" >/dev/null 2>&1 || true
  fi
}

peers_connected() {
  lncli_as lender listpeers | jq -e --arg k "$(pubkey borrower)" '.peers[] | select(.pub_key == $k)' >/dev/null
}

open_channel() {
  if [ -z "$(channel_json)" ] && ! pending_open; then
    connect_peers
    wait_ready lender 30 peers_connected
    log "opening a channel lender -> borrower: $LIGHTNING_CHANNEL_SATS sats, $LIGHTNING_CHANNEL_PUSH_SATS pushed"
    lncli_as lender openchannel --node_key="$(pubkey borrower)" --local_amt="$LIGHTNING_CHANNEL_SATS" \
      --push_amt="$LIGHTNING_CHANNEL_PUSH_SATS" >/dev/null
  fi
  if pending_open; then mine 6; fi
  await_channel_ready
}

# A payment to a hash nobody has reaches the payee's node, which answers INCORRECT_PAYMENT_DETAILS:
# the channel carries payments that way, and no satoshi moved.
payable() {
  local answer
  # lncli exits non-zero for every failed payment, this one included.
  answer=$(lncli_as "$1" sendpayment --dest="$(pubkey "$2")" --amt=1 --final_cltv_delta=40 --force \
    --payment_hash="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" 2>&1 || true)
  grep -q INCORRECT_PAYMENT_DETAILS <<<"$answer"
}

# Active on both sides is not yet enough: for about a second a payment can still fail with
# INSUFFICIENT_BALANCE, so a probe each way must reach the other node.
await_channel_ready() {
  # After a restart lnd reconnects to its channel peers with a back-off; connecting now is quicker.
  connect_peers
  wait_ready lender 90 channel_active
  wait_ready lender 60 payable lender borrower
  wait_ready borrower 60 payable borrower lender
  log "channel active and carrying payments both ways: $(channel_json | jq -r '.channel_point')"
}

# btcd deletes its regtest database whenever it starts, so wallets and channels made on an earlier
# chain are worthless once btcd has stopped: start over. The lnd nodes alone restart safely.
forget_old_chain() {
  pid_of btcd >/dev/null && return 0
  local node had_nodes=""
  for node in $(node_names); do
    stop_process "$node"
    [ -d "$(lnd_dir "$node")" ] && had_nodes=yes
  done
  if [ -n "$had_nodes" ]; then
    log "btcd starts a new regtest chain (it deletes its regtest database at start): removing the nodes' wallets and channels of the old one"
    for node in $(node_names); do rm -rf "$(lnd_dir "$node")"; done
    rm -f "$state/mining-address"
  fi
}

up() {
  require_binaries
  mkdir -p "$state" "$logs"
  local started=$SECONDS node
  forget_old_chain
  start_btcd
  mining_address
  mine_to_lender
  for node in $(node_names); do start_lnd "$node"; done
  wait_ready lender 60 has_funds
  open_channel
  fund_borrower_wallet
  start_miner
  log "pair up in $((SECONDS - started))s: btcd and $(node_names | tr '\n' ' ')(network/lightning.sh env <node>)"
}

# One block every LIGHTNING_MINE_EVERY seconds, as a chain with miners would, so that on-chain
# transactions confirm without anyone mining by hand.
start_miner() {
  [ -n "${LIGHTNING_MINE_EVERY:-}" ] || return 0
  [[ "$LIGHTNING_MINE_EVERY" =~ ^[1-9][0-9]*$ ]] || die "LIGHTNING_MINE_EVERY must be a number of seconds, got '$LIGHTNING_MINE_EVERY'"
  pid_of miner >/dev/null && return 0
  start_process miner "$root/network/lightning.sh" mine-every "$LIGHTNING_MINE_EVERY"
  log "mining one block every ${LIGHTNING_MINE_EVERY}s (pid $(pid_of miner))"
}

down() {
  local node
  stop_process miner
  # lnd before btcd: an lnd whose btcd is gone retries it and is slow to stop.
  for node in $(node_names); do stop_process "$node"; done
  stop_process btcd
}

status() {
  local name pid
  for name in btcd $(node_names); do
    if pid=$(pid_of "$name") && on_containers; then
      log "$name running on its container host at $(host_of "$name") (podman run: pid $pid)"
    elif [ -n "$pid" ]; then
      log "$name running (pid $pid, $(($(ps -o rss= -p "$pid") / 1024)) MiB resident)"
    else
      log "$name stopped"
    fi
  done
  if pid_of btcd >/dev/null; then log "btcd height: $(btcctl getblockcount)"; fi
  if pid_of lender >/dev/null && pid_of borrower >/dev/null; then
    local channel
    channel=$(channel_json)
    if [ -n "$channel" ]; then
      log "channel $(jq -r '.channel_point' <<<"$channel"): active=$(jq -r '.active' <<<"$channel")," \
        "lender $(jq -r '.local_balance' <<<"$channel") sats, borrower $(jq -r '.remote_balance' <<<"$channel") sats"
    else
      log "no channel between lender and borrower"
    fi
  fi
}

# lncli as a node, for a shell: eval "$(network/lightning.sh env lender)"
print_env() {
  local node=${1:-}
  [ -n "$node" ] || die "env needs a node: $(node_names | tr '\n' ' ')"
  node_row "$node"
  cat <<EOF
export LNCLI_LNDDIR="$(lnd_dir "$node")"
export LNCLI_RPCSERVER="$(host_of "$node"):$n_grpc"
lncli() { "$bin/lncli" --lnddir="\$LNCLI_LNDDIR" --network=regtest --rpcserver="\$LNCLI_RPCSERVER" "\$@"; }
EOF
}

# The settings a gateway needs to use this node through its REST API: GATEWAY_LIGHTNING_* lines.
print_client() {
  local node=${1:-}
  [ -n "$node" ] || die "client needs a node: $(node_names | tr '\n' ' ')"
  node_row "$node"
  printf '%s\n' \
    "GATEWAY_LIGHTNING_HOST=$(host_of "$node")" \
    "GATEWAY_LIGHTNING_PORT=$n_rest" \
    "GATEWAY_LIGHTNING_TLSCERTFILE=$(lnd_dir "$node")/tls.cert" \
    "GATEWAY_LIGHTNING_MACAROONFILE=$(lnd_dir "$node")/data/chain/bitcoin/regtest/admin.macaroon"
}

require_node_name() {
  [ -n "${1:-}" ] || die "a node name is needed: $(node_names | tr '\n' ' ')"
  node_names | grep -x "$1" >/dev/null || die "no lnd node named '$1' ($(node_names | tr '\n' ' '); btcd is not restarted alone: it would start a new chain)"
}

case "${1:-}" in
  install) install ;;
  check) problem=$(binaries_problem); if [ -n "$problem" ]; then echo "$problem" >&2; exit 1; fi; echo "btcd $BTCD_VERSION and lnd $LND_VERSION in $bin" ;;
  up) up ;;
  down) down ;;
  status) status ;;
  clean) down; rm -rf "$state"; log "state removed: $state" ;;
  env) print_env "${2:-}" ;;
  client) print_client "${2:-}" ;;
  host) host_of "${2:?host needs btcd or a node: $(node_names | tr '\n' ' ')}" ;;
  stop) require_node_name "${2:-}"; stop_process "$2" ;;
  start)
    require_node_name "${2:-}"; require_binaries
    pid_of btcd >/dev/null || die "btcd is not running: network/lightning.sh up"
    mine_to_lender
    start_lnd "$2"
    if pid_of lender >/dev/null && pid_of borrower >/dev/null && [ -n "$(channel_json)" ]; then await_channel_ready; fi
    ;;
  ready)
    pid_of lender >/dev/null && pid_of borrower >/dev/null || die "the lnd nodes are not running: network/lightning.sh up"
    await_channel_ready
    ;;
  mine)
    count=${2:-1}
    [[ "$count" =~ ^[1-9][0-9]{0,2}$ ]] || die "mine takes a block count of 1..999, got '$count'"
    pid_of btcd >/dev/null || die "btcd is not running: network/lightning.sh up"
    mine "$count"; log "mined $count block(s), height $(btcctl getblockcount)"
    ;;
  mine-every)
    # The miner's loop (start_miner runs it as a process of its own); ends when btcd is gone.
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "mine-every takes a number of seconds"
    while sleep "$2" && pid_of btcd >/dev/null; do mine 1 || log "mining failed, trying again in ${2}s"; done
    ;;
  header)
    [[ "${2:-}" =~ ^[0-9a-f]{64}$ ]] || die "header takes a block hash (64 lower-case hex characters)"
    pid_of btcd >/dev/null || die "btcd is not running: network/lightning.sh up"
    btcctl getblockheader "$2" false
    ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
