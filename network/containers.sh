#!/usr/bin/env bash
# Podman on this machine, for the tests' container tier: installs and configures it, builds the
# project's images from Debian (nothing is pulled: no container registry is needed), and runs
# Podman's Docker-compatible API service, which Testcontainers talks to.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build work space, the service's pid and log.
CONTAINERS_STATE_DIR=${CONTAINERS_STATE_DIR:-$root/.state/containers}
state=$(realpath -m "$CONTAINERS_STATE_DIR")
pids="$state/pids"
logs="$state/logs"
# The Debian release the images are made from.
CONTAINERS_SUITE=${CONTAINERS_SUITE:-bookworm}
# Podman's API socket: one per state folder (so per clone), because the test command stops the
# service it started, and a run from another clone must not lose the service it uses. Short, under
# /run/podman: a Unix socket's path has at most 107 bytes.
PODMAN_SOCKET=${PODMAN_SOCKET:-/run/podman/robotledger-$(printf '%s' "$state" | sha256sum | cut -c1-12).sock}

images_dir="$root/network/containers"
image_prefix=localhost/robotledger
base_image="$image_prefix/debian-base:$CONTAINERS_SUITE"
# Service images carry the hash of what they were built from; a different hash means rebuild.
source_label=dev.robotledger.source
# Containers the tests start carry this label, so that `clean` finds what an interrupted run left.
test_label=dev.robotledger.test
# Fabric nodes on container hosts carry it (the node's name), and their network (its /24).
fabric_label=dev.robotledger.fabric
# The Lightning pair's nodes on container hosts carry it (the node's name).
lightning_label=dev.robotledger.lightning
# Hosts that run several programs (pods) carry it (their address).
host_label=dev.robotledger.host
# Read by rootful Podman after /etc/containers/containers.conf; ours alone, so it can be rewritten.
podman_conf=/etc/containers/containers.conf.d/50-robotledger.conf
packages=(podman runc debootstrap netavark aardvark-dns iptables curl)

log() { printf '[containers] %s\n' "$*"; }
die() { printf '[containers] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=network/lib/processes.sh
source "$root/network/lib/processes.sh"

usage() {
  cat <<EOF
Usage: network/containers.sh <command>

Commands:
  check    exit 0 when Podman can work here (root, and podman installed or installable with
           apt-get), else print why on one line (exit 1); installs nothing
  install  install what is missing of: ${packages[*]}
           (apt-get), and write Podman's configuration for this machine: runc as the runtime,
           cgroupfs, container ulimits within its hard limits ($podman_conf)
  images   build the images, each skipped when current: $base_image
           (debootstrap minbase + podman import), then one per folder of network/containers/
           ($(service_names | paste -sd ' ')), labelled with the hash of the folder and the base
           image, rebuilt when that changes
  sweep    remove test containers and networks older than an hour, which an interrupted run
           left (any clone's: no test keeps one that long)
  service  start Podman's API service in the background when nothing answers on its socket,
           $PODMAN_SOCKET (one per clone; pid in $pids/podman-service.pid)
  stop     stop the API service, if this script started it
  fabric-node <node> <address> <script> [argument...]
           run a Fabric node's script (network/fabric/orderer.sh or peer.sh) in the foreground in a
           container of its own at <address>, host name <node>.<its org's domain>, on the Podman
           network of that address's /24 (made when missing), or in the host (pod) at that address
           when there is one; the chaincode in the java image; FABRIC_HOME, the repository and
           FABRIC_STATE_DIR mounted at their own paths, every FABRIC_* variable passed on.
           network/fabric.sh calls it for the nodes of network/fabric/containers.env.
  lightning-node <node> <address> <program> [argument...]
           run a node of the Lightning pair (btcd, or a party's lnd) in the foreground in a
           container of its own at <address>, host name <node>, on the Podman network of that
           address's /24 (made when missing); LIGHTNING_HOME read-only and LIGHTNING_STATE_DIR
           mounted at their own paths. network/lightning.sh calls it with LIGHTNING_HOSTS=containers.
  network <subnet>
           make the Podman network of that /24 (e.g. 10.207.51) when missing, .1 this machine;
           print its name
  host <pod> <address> <host name> [alias|127.0.0.1:<port>:<port>|label=value...]
           make and start a host that runs several containers (a pod) at <address> on its /24's
           network, named <host name> and each alias there, publishing the ports given, with the
           labels given; nothing when it runs. fabric-node places a node at that address in it.
  image <name>
           print the full name of one of the project's images (e.g. java)
  env      print the environment Testcontainers needs: eval "\$(network/containers.sh env)"
  status   Podman's version and runtime, the images and whether each is current, the service,
           and any test containers left over
  clean    remove the test containers left over, the Fabric nodes' networks (stop those networks
           first), the project's images, and this script's state; stops the service if this script
           started it (Podman itself and its configuration stay)

The images are built from the Debian mirror apt is configured with; nothing is pulled from a
container registry. Tests run the images with an image pull policy that never pulls.
State: $state (CONTAINERS_STATE_DIR)
EOF
}

service_names() {
  local dir
  for dir in "$images_dir"/*/; do [ -f "$dir/Containerfile" ] && basename "$dir"; done
}

# --- check and install ---

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'install ok installed' >/dev/null; }

missing_packages() {
  local p
  for p in "${packages[@]}"; do package_installed "$p" || echo "$p"; done
}

# Why Podman cannot work here, in one line; nothing when it can.
problem() {
  [ "$(id -u)" -eq 0 ] || { echo "not root: the images are built with debootstrap and run by rootful Podman"; return; }
  [ -d /sys/fs/cgroup ] || { echo "no cgroup file system at /sys/fs/cgroup"; return; }
  grep -w overlay /proc/filesystems >/dev/null || modprobe overlay 2>/dev/null \
    || { echo "the kernel has no overlay file system"; return; }
  local missing p candidate
  missing=$(missing_packages)
  if [ -z "$missing" ]; then
    command -v podman >/dev/null || echo "podman is installed but not on the PATH"
    return 0
  fi
  command -v apt-get >/dev/null || { echo "$(tr '\n' ' ' <<<"$missing")missing and no apt-get to install them"; return; }
  for p in $missing; do
    candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
      echo "$p is not installed and apt has no candidate for it (apt-get update, or add Debian's main archive)"
      return
    fi
  done
}

check() {
  local why
  why=$(problem)
  if [ -n "$why" ]; then echo "$why" >&2; exit 1; fi
  if command -v podman >/dev/null; then echo "podman $(podman --version | awk '{print $3}')"; else echo "podman installable ($(apt-cache policy podman | awk '/Candidate:/ {print $2}'))"; fi
}

hard_limit() {
  local value
  value=$(ulimit "-H$1")
  if [ "$value" = unlimited ]; then echo "$2"; else echo $((value < $2 ? value : $2)); fi
}

# Containers inherit limits Podman sets with setrlimit; above this machine's hard limit that fails
# ("setrlimit 'RLIMIT_NOFILE': Operation not permitted"), so take them from the hard limits.
# crun refuses cgroups in hybrid mode, which some hosts run; runc works with v1, hybrid and v2.
# No systemd here necessarily: cgroupfs and a file event log work with or without it.
write_config() {
  local nofile nproc wanted
  nofile=$(hard_limit n 1048576)
  nproc=$(hard_limit u 32768)
  wanted=$(cat <<EOF
# Written by network/containers.sh for this machine; rewritten when it runs again.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
EOF
)
  if [ "$(cat "$podman_conf" 2>/dev/null)" != "$wanted" ]; then
    mkdir -p "$(dirname "$podman_conf")"
    printf '%s\n' "$wanted" >"$podman_conf"
    log "wrote $podman_conf (runc, cgroupfs, nofile $nofile, nproc $nproc)"
  fi
}

install() {
  local why missing
  why=$(problem)
  [ -z "$why" ] || die "$why"
  missing=$(missing_packages)
  if [ -n "$missing" ]; then
    log "installing $(tr '\n' ' ' <<<"$missing")(apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  write_config
  local runtime
  runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}' 2>&1) || die "podman info failed: $runtime"
  [ "$runtime" = runc ] || die "podman uses the runtime '$runtime', not runc: $podman_conf was not read"
  log "ok: podman $(podman --version | awk '{print $3}'), runtime runc, storage $(podman info --format '{{.Store.GraphDriverName}}')"
}

require_podman() {
  command -v podman >/dev/null || die "podman is not installed (network/containers.sh install)"
}

# --- images ---

# The mirror apt uses for Debian's main archive (deb822 .sources or one-line sources.list).
debian_mirror() {
  local uri
  uri=$(awk 'tolower($1) == "uris:" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base() {
  if podman image exists "$base_image"; then log "$base_image present"; return; fi
  command -v debootstrap >/dev/null || die "debootstrap is not installed (network/containers.sh install)"
  local rootfs="$state/rootfs" mirror started=$SECONDS
  mirror=$(debian_mirror)
  rm -rf "$rootfs"
  mkdir -p "$state" "$logs"
  log "building $base_image: debootstrap --variant=minbase $CONTAINERS_SUITE from $mirror"
  debootstrap --variant=minbase "$CONTAINERS_SUITE" "$rootfs" "$mirror" >"$logs/debootstrap.log" 2>&1 \
    || die "debootstrap failed; last lines of $logs/debootstrap.log:
$(tail -n 5 "$logs/debootstrap.log")"
  # Package lists and caches stay out of the image; builds on top run apt-get update themselves.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  # dpkg's fsync after every file is most of an image build's time; a build that dies is redone anyway.
  echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/unsafe-io"
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base_image" >/dev/null
  rm -rf "$rootfs"
  log "built $base_image in $((SECONDS - started)) s"
}

# The hash of an image's folder (names and contents) and of the base image it is built on.
source_hash() {
  local dir=$1
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    podman image inspect --format '{{.Id}}' "$base_image"; } | sha256sum | awk '{print $1}'
}

build_service() {
  local name=$1 image="$image_prefix/$1:$CONTAINERS_SUITE" dir="$images_dir/$1" hash current started=$SECONDS
  hash=$(source_hash "$dir")
  current=$(podman image inspect --format "{{index .Labels \"$source_label\"}}" "$image" 2>/dev/null || true)
  if [ "$current" = "$hash" ]; then log "$image current"; return; fi
  log "building $image from network/containers/$name"
  podman build --pull=never --build-arg "BASE=$base_image" --label "$source_label=$hash" \
    -t "$image" -f "$dir/Containerfile" "$dir" >"$logs/build-$name.log" 2>&1 \
    || die "building $image failed; last lines of $logs/build-$name.log:
$(tail -n 8 "$logs/build-$name.log")"
  log "built $image in $((SECONDS - started)) s"
}

images() {
  require_podman
  local started=$SECONDS name
  mkdir -p "$logs"
  build_base
  for name in $(service_names); do build_service "$name"; done
  # Dangling layers of earlier builds of these images.
  podman image prune -f --filter "label=$source_label" >/dev/null
  log "images ready in $((SECONDS - started)) s"
}

sweep() {
  require_podman
  local containers networks
  containers=$(podman ps -aq --filter "label=$test_label" --filter until=1h)
  networks=$(podman network ls -q --filter "label=$test_label" --filter until=1h)
  # shellcheck disable=SC2086
  [ -z "$containers" ] || podman rm -f $containers >/dev/null
  # shellcheck disable=SC2086
  [ -z "$networks" ] || podman network rm -f $networks >/dev/null
  log "left-over test containers removed: $(wc -w <<<"$containers"), networks: $(wc -w <<<"$networks")"
}

# --- Fabric nodes on hosts of their own ---

# The Podman network of a /24 (its first three bytes), made when missing; prints its name. .1 is
# this machine.
network() {
  local subnet=${1:?usage: network/containers.sh network <first three bytes of a /24>} name
  require_podman
  name="robotledger-fabric-${subnet//./-}"
  podman network exists "$name" \
    || podman network create --subnet "$subnet.0/24" --gateway "$subnet.1" --label "$fabric_label=$subnet" "$name" >/dev/null
  echo "$name"
}

# A host that runs several programs, each in a container of its own: a pod, whose containers share
# its address, its host names and its published ports (network/system.sh up --containers places an
# organisation's peer, gateway and database on one). Its infrastructure container only holds the
# namespaces: the base image sleeping, since Podman's own pause image would come from a registry.
host() {
  [ $# -ge 3 ] || die "usage: network/containers.sh host <pod> <address> <host name> [alias|127.0.0.1:<port>:<port>|label=value...]"
  local pod=$1 address=$2 hostname=$3 extra options=(); shift 3
  require_podman
  for extra in "$@"; do
    case "$extra" in
      *=*) options+=(--label "$extra") ;; *:*) options+=(-p "$extra") ;; *) options+=(--network-alias "$extra") ;;
    esac
  done
  if ! podman pod exists "$pod"; then
    podman pod create --name "$pod" --hostname "$hostname" --network "$(network "${address%.*}")" --ip "$address" \
      --network-alias "$hostname" "${options[@]}" --label "$host_label=$address" \
      --infra-image "$base_image" --infra-command 'sleep infinity' >/dev/null
  fi
  podman pod start "$pod" >/dev/null
}

# The pod at an address (host), if there is one.
pod_at() { podman pod ls --filter "label=$host_label=$1" --format '{{.Name}}' | head -n 1; }

fabric_node() {
  [ $# -ge 3 ] || die "usage: network/containers.sh fabric-node <node> <address> <script> [argument...]"
  local name=$1 address=$2; shift 2
  : "${FABRIC_HOME:?FABRIC_HOME must be set}" "${FABRIC_STATE_DIR:?FABRIC_STATE_DIR must be set}"
  require_podman
  local hostname container fabric_state pod placement image=fabric-node
  fabric_state=$(realpath -m "$FABRIC_STATE_DIR")
  case "$name" in orderer*) hostname="$name.orderer.test" ;; *) hostname="$name.test" ;; esac
  # One network's nodes: another state folder's network runs beside it under other names.
  container="robotledger-$name-$(printf '%s' "$fabric_state" | sha256sum | cut -c1-8)"
  # On a host (pod) at that address when there is one, beside its other programs; else a host of its own.
  pod=$(pod_at "$address")
  if [ -n "$pod" ]; then placement=(--pod "$pod")
  else placement=(--hostname "$hostname" --network "$(network "${address%.*}")" --ip "$address"); fi
  # The chaincode is a Java program; orderers and peers are Fabric's binaries.
  case "$name" in chaincode*) image=java ;; esac
  # The node's script reads the network's description as this one did: every FABRIC_* setting goes in.
  local settings=() setting
  while IFS= read -r setting; do settings+=(-e "$setting"); done < <(compgen -e | grep '^FABRIC_')
  run_in_foreground "$container" "${placement[@]}" \
    --label "$fabric_label=$name" --label "$fabric_label.state=$fabric_state" \
    -v "$root:$root:ro" -v "$fabric_state:$fabric_state" -v "$FABRIC_HOME:$FABRIC_HOME:ro" -w "$root" \
    "${settings[@]}" -e "FABRIC_STATE_DIR=$fabric_state" \
    "$image_prefix/$image:$CONTAINERS_SUITE" "$@"
}

lightning_node() {
  [ $# -ge 3 ] || die "usage: network/containers.sh lightning-node <node> <address> <program> [argument...]"
  local name=$1 address=$2 lightning_state; shift 2
  : "${LIGHTNING_HOME:?LIGHTNING_HOME must be set}" "${LIGHTNING_STATE_DIR:?LIGHTNING_STATE_DIR must be set}"
  require_podman
  lightning_state=$(realpath -m "$LIGHTNING_STATE_DIR")
  run_in_foreground "robotledger-lightning-$name-$(printf '%s' "$lightning_state" | sha256sum | cut -c1-8)" \
    --hostname "$name" --network "$(network "${address%.*}")" --ip "$address" \
    --label "$lightning_label=$name" --label "$lightning_label.state=$lightning_state" \
    -v "$LIGHTNING_HOME:$LIGHTNING_HOME:ro" -v "$lightning_state:$lightning_state" \
    "$image_prefix/lightning:$CONTAINERS_SUITE" "$@"
}

# Runs a container named $1 with the rest as podman run's options, image and command, in the
# foreground in place of this script: the caller's SIGTERM reaches the program, and the container
# is gone when it ends.
run_in_foreground() {
  local container=$1; shift
  # A container an earlier run did not stop holds the name and the address.
  podman rm -f --ignore "$container" >/dev/null
  exec podman run --rm --name "$container" "$@"
}

# --- the API service ---

service_answers() { curl -fsS --max-time 2 --unix-socket "$PODMAN_SOCKET" http://d/_ping 2>/dev/null | grep OK >/dev/null; }

service() {
  require_podman
  if service_answers; then log "API service answering on $PODMAN_SOCKET"; return; fi
  mkdir -p "$(dirname "$PODMAN_SOCKET")"
  start_process podman-service podman system service --time=0 "unix://$PODMAN_SOCKET"
  wait_ready podman-service 30 service_answers
  log "API service started on $PODMAN_SOCKET (pid $(pid_of podman-service))"
}

stop_service() { stop_process podman-service; }

print_env() {
  # Ryuk (Testcontainers' reaper) is an image from a registry: the tests remove their containers
  # themselves. This machine may have /.dockerenv, which makes Testcontainers look for published
  # ports on the bridge's gateway instead of here.
  printf 'export %s\n' "DOCKER_HOST=unix://$PODMAN_SOCKET" TESTCONTAINERS_RYUK_DISABLED=true \
    TESTCONTAINERS_HOST_OVERRIDE=localhost
}

status() {
  if ! command -v podman >/dev/null; then log "podman not installed"; return; fi
  log "podman $(podman --version | awk '{print $3}'), runtime $(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null || echo '?')"
  local name image hash current
  if podman image exists "$base_image"; then log "$base_image present"; else log "$base_image missing"; fi
  for name in $(service_names); do
    image="$image_prefix/$name:$CONTAINERS_SUITE"
    current=$(podman image inspect --format "{{index .Labels \"$source_label\"}}" "$image" 2>/dev/null || true)
    if [ -z "$current" ]; then log "$image missing"
    elif podman image exists "$base_image" && [ "$current" = "$(source_hash "$images_dir/$name")" ]; then log "$image current"
    else log "$image out of date"; fi
  done
  if service_answers; then
    log "API service answering on $PODMAN_SOCKET$(pid_of podman-service >/dev/null && echo " (started by this script, pid $(pid_of podman-service))")"
  else
    log "API service not running"
  fi
  local left
  left=$(podman ps -a --filter "label=$test_label" --format '{{.Names}}' | paste -sd ' ')
  log "test containers left over: ${left:-none}"
}

clean() {
  stop_service
  if command -v podman >/dev/null; then
    local ids
    ids=$(podman ps -aq --filter "label=$test_label")
    # shellcheck disable=SC2086
    [ -z "$ids" ] || podman rm -f $ids >/dev/null
    ids=$(podman network ls -q --filter "label=$test_label"; podman network ls -q --filter "label=$fabric_label")
    # shellcheck disable=SC2086
    [ -z "$ids" ] || podman network rm -f $ids >/dev/null
    ids=$(podman images --format '{{.Repository}}:{{.Tag}}' | grep "^$image_prefix/" || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || podman rmi -f $ids >/dev/null
  fi
  rm -rf "$state"
  log "removed the test containers, the images $image_prefix/* and $state"
}

case "${1:-}" in
  check) check ;;
  install) install ;;
  images) images ;;
  sweep) sweep ;;
  service) service ;;
  stop) stop_service ;;
  network) shift; network "$@" ;;
  lightning-node) shift; lightning_node "$@" ;;
  image) echo "$image_prefix/${2:?usage: network/containers.sh image <name>}:$CONTAINERS_SUITE" ;;
  host) shift; host "$@" ;;
  fabric-node) shift; fabric_node "$@" ;;
  env) print_env ;;
  status) status ;;
  clean) clean ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
