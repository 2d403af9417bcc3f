#!/usr/bin/env bash
# The fault suite's long form: the same FaultSuiteIT that `mvn verify` runs in a short form, for a
# set time with a set number of faults spread over it, against real processes started by the test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF_USAGE'
Usage: network/soak.sh [--minutes N] [--faults N] [--seed N] [--offline]

Runs gateway-service's FaultSuiteIT for N minutes (default 30) while robots publish at a steady
rate, injecting N faults (default 30, at least 6: each kind once, then random kinds) spread over
that time: gateway kill -9, broker restart, database restart, a robot offline that then flushes
its backlog, and on the ledger: peer restart and chaincode restart. Prints the report (faults per
kind, readings sent, lost, duplicated, recovery times until journaled and until on the ledger,
what the journal checker and the ledger checker found) and writes it as JSON to
gateway-service/target/soak-<UTC time>.json.

  --seed N    repeat the random part of an earlier run's plan (the report names its seed)
  --offline   pass -o to Maven (no downloads)

The ledger is ContractPeer, a test double of one peer running the real contract in the test's
JVM, not Fabric. Its "peer restart" closes and reopens its port with the ledger kept in memory;
the orderer's restart cannot be shown (the double has no orderer) and is listed in the report as
not injected. Real peer, orderer and chaincode restarts are in the Fabric tier of the test command.
EOF_USAGE
}

minutes=30
faults=30
seed=""
maven_flags=(-B)
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?--minutes needs a number}; shift 2 ;;
    --faults) faults=${2:?--faults needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --offline) maven_flags+=(-o); shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "soak: --minutes must be a positive whole number, got '$minutes'" >&2; exit 2; }
[[ "$faults" =~ ^[0-9]+$ ]] && [ "$faults" -ge 6 ] || { echo "soak: --faults must be at least 6 (each kind once), got '$faults'" >&2; exit 2; }
[ -z "$seed" ] || [[ "$seed" =~ ^-?[0-9]+$ ]] || { echo "soak: --seed must be a whole number, got '$seed'" >&2; exit 2; }

"$root/network/prerequisites.sh"

report="target/soak-$(date -u +%Y%m%dT%H%M%SZ).json"
properties=(-Dfaults.minutes="$minutes" -Dfaults.count="$faults" -Dfaults.report="$report")
[ -z "$seed" ] || properties+=(-Dfaults.seed="$seed")

cd "$root"
# -am builds wire and robot-agent from this checkout (their tests are filtered out by name), so a
# stale robot-agent in the local Maven repository cannot be picked up.
mvn "${maven_flags[@]}" -pl gateway-service -am verify \
    -Dit.test=FaultSuiteIT -Dtest=NoSuchTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
    "${properties[@]}"

echo "soak report (JSON): gateway-service/$report"
cat "gateway-service/$report"
