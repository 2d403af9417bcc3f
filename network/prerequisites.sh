#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, test and run the system: Debian's Mosquitto,
# PostgreSQL and Chromium (for the dashboard's browser tests), and checks the JDK 17, Maven and
# Node.js toolchain. Safe to run again: each step is skipped
# when its result is already there.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: network/prerequisites.sh [--check]

Installs the Debian packages the project needs (mosquitto, postgresql, curl, jq, chromium) when they
are missing, and checks that Java 17+, Maven and Node.js 20+ with npm are on the PATH.

  --check   only report what is missing; install nothing (exit 1 if anything is missing)
EOF
}

check_only=false
case "${1:-}" in
  "") ;;
  --check) check_only=true ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

log() { printf '[prerequisites] %s\n' "$*"; }

missing_packages=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing_packages+=(mosquitto)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_packages+=(postgresql)
# The run script registers robots and polls health over HTTP with these.
command -v curl >/dev/null 2>&1 || missing_packages+=(curl)
command -v jq >/dev/null 2>&1 || missing_packages+=(jq)
# The dashboard's browser tests drive Debian's Chromium; Playwright never downloads a browser.
[ -x /usr/bin/chromium ] || missing_packages+=(chromium)

if [ ${#missing_packages[@]} -gt 0 ]; then
  if $check_only; then
    log "missing Debian packages: ${missing_packages[*]}"
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing_packages[*]}; run as root or: sudo apt-get install -y ${missing_packages[*]}" >&2
    exit 1
  fi
  log "installing ${missing_packages[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
fi
# Debian starts the packaged broker as a service where an init system runs; ours are started by
# the project's scripts and tests on their own ports, so the packaged one is never needed.

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 17 ]; then
  log "Java 17 or newer is required (found: ${java_major:-none})" >&2
  exit 1
fi
command -v mvn >/dev/null 2>&1 || { log "Maven (mvn) is required on the PATH" >&2; exit 1; }
# Playwright (dashboards/web) needs Node.js 20 or newer; Debian 12's own nodejs is 18.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then
  log "Node.js 20 or newer with npm is required on the PATH for the dashboard's browser tests (found: ${node_major:-none})" >&2
  exit 1
fi

log "ok: mosquitto $(mosquitto -h 2>/dev/null | awk 'NR==1 {print $3}'), postgresql $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -n | tail -1), chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $(node --version), java ${java_major}, maven $(mvn -B -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | awk 'NR==1 {print $3}')"
