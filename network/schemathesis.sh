#!/usr/bin/env bash
# schemathesis (from PyPI) against a running gateway: every operation of its OpenAPI document, with
# generated valid and invalid requests, each answer checked against what the document says.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=4.32.5
# Outside the repository, one directory per version; a half-built one has no stamp and is redone.
venv="${XDG_CACHE_HOME:-$HOME/.cache}/robot-ledger/schemathesis-$version"
settings="$root/network/schemathesis.toml"

usage() {
  cat <<EOF
Usage: network/schemathesis.sh check
       network/schemathesis.sh run <gateway-url> <report-dir> [token-file]

  check  install schemathesis $version into $venv with pip (skipped when present); when it
         cannot, print why and exit 1
  run    a bounded run (network/schemathesis.toml: fixed seed, examples per operation, time
         budget) against <gateway-url>/v3/api-docs, as the token's role or, without a token, as
         nobody; its JUnit report in <report-dir>; exit 1 when a check fails
EOF
}

check() {
  [ -f "$venv/installed" ] && return 0
  command -v python3 >/dev/null || { echo "python3 is not installed"; return 1; }
  local out
  rm -rf "$venv"
  if ! out=$(python3 -m venv "$venv" 2>&1 && "$venv/bin/pip" install -q "schemathesis==$version" 2>&1); then
    rm -rf "$venv"
    echo "could not install schemathesis $version from PyPI: $(tail -n 1 <<<"$out")"
    return 1
  fi
  touch "$venv/installed"
}

# The token reaches schemathesis in its environment, not on a command line others can see. The
# document is fetched first (its first build can take longer than schemathesis waits) and kept
# with the report.
run() {
  local url=${1:?gateway url} reports=${2:?report directory} token_file=${3:-} config
  mkdir -p "$reports"
  reports=$(realpath "$reports")
  curl -fsS --max-time 120 -o "$reports/api-docs.json" "$url/v3/api-docs"
  config="$reports/schemathesis.toml"
  cp "$settings" "$config"
  if [ -n "$token_file" ]; then
    printf '\n[auth.openapi.bearer]\nbearer = "${SCHEMATHESIS_TOKEN}"\n' >>"$config"
    SCHEMATHESIS_TOKEN=$(cat "$token_file")
    export SCHEMATHESIS_TOKEN
  fi
  # From the report directory: schemathesis keeps state of its own (.schemathesis/) where it runs.
  (cd "$reports" && "$venv/bin/schemathesis" --config-file "$config" run "$reports/api-docs.json" --url "$url" \
    --report junit --report-junit-path "$reports/junit.xml" --no-color)
}

case "${1:-}" in
  check) check ;;
  run) shift; check >/dev/null; run "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
