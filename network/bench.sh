#!/usr/bin/env bash
# The benchmark command (not part of the tests): JMH figures for signatures and proofs, the
# end-to-end ingestion benchmark with its raw-broker baseline measured in the same run, valid
# ingestion's latency during a forged flood against before and after it, provenance queries against
# a one-record baseline, the ledger path on Fabric (production events through the gateway against
# the network's ceiling, robots kept up, a backlog drained) and the system's start-up time. Prints tables and writes
# target/bench/<time>/results.json.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: network/bench.sh [--quick] [--sustain-seconds N] [-- ingestion-benchmark options]

  --quick              short JMH runs, 10 s ingestion steps, no sustained run, shorter ledger steps
                       (about 15 minutes with Fabric)
  --sustain-seconds N  after the rising steps, hold 10,000 readings/s for N seconds (default 300)
  -- ...               passed to the ingestion benchmark (e.g. -- --rates 5000,20000 --robots 50);
                       `-- --help` lists its options

Runs on this machine's own PostgreSQL and Mosquitto processes on free ports (it does not touch a
system started by network/system.sh). Needs the README's set-up (network/prerequisites.sh).
Stop other heavy work first: the figures are only as quiet as the machine.
EOF
}

log() { printf '[bench] %s\n' "$*"; }

quick=false
sustain=300
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --sustain-seconds) sustain=${2:?--sustain-seconds needs a number}; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

"$root/network/prerequisites.sh"
cd "$root"
log "building (tests skipped)"
mvn -B -q install -DskipTests
mvn -B -q -pl wire,gateway-service dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

out="$root/target/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

if $quick; then
  jmh_args=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  ingestion_args=(--step-seconds 10 --sustain-seconds 0)
  query_args=(--seconds 5 --rates 50,200)
  flood_args=(--seconds 10)
else
  jmh_args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
  ingestion_args=(--step-seconds 20 --sustain-seconds "$sustain")
  query_args=(--seconds 15 --rates 50,100,200,400)
  flood_args=(--seconds 30)
fi

# One thread: the scores are per core.
log "JMH: signatures, telemetry windows and proofs, one thread"
java -cp "wire/target/test-classes:wire/target/classes:$(cat wire/target/bench-classpath.txt)" \
  org.openjdk.jmh.Main "${jmh_args[@]}" -t 1 -rf json -rff "$out/jmh.json" 'dev.robotledger.wire.bench.*' \
  | sed -n '/^Benchmark /,$p'

log "ingestion: raw broker baseline, rising offered rates through the gateway, baseline again"
gateway_jar=$(ls gateway-service/target/gateway-service-*.jar | grep -v -e sources -e tests | head -n 1)
java -Xmx4g -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/bench-classpath.txt)" \
  dev.robotledger.gateway.bench.IngestionBenchmark --gateway-jar "$gateway_jar" --out "$out/ingestion.json" \
  "${ingestion_args[@]}" "$@"

log "flood: valid ingestion's p99 alone, beside a 10x flood of forged windows, and alone again"
java -Xmx2g -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/bench-classpath.txt)" \
  dev.robotledger.gateway.bench.FloodBenchmark --gateway-jar "$gateway_jar" --out "$out/flood.json" "${flood_args[@]}" \
  | grep -v -e '^[0-9-]*T[0-9:.]*Z ' -e '^\s*at '

# Tree queries are measured with ingestion running at half its maximum: half the highest step
# the ingestion benchmark above kept up with, in this run.
ingestion_max=$(jq '[.steps[] | select(.keptUp and (.name | startswith("step"))) | .offeredReadingsPerSecond] | max // 0' \
  "$out/ingestion.json")
ingestion_half=$((ingestion_max / 2))
log "provenance queries: a 1,124-component tree from the read model, plain and gzip, against one record, same run;"
if [ "$ingestion_half" -gt 0 ]; then
  log "then the same tree runs with ingestion at ${ingestion_half} readings/s (half of ${ingestion_max}, the best step kept up)"
else
  log "no ingestion step kept up: no tree runs with ingestion"
fi
java -Xmx2g -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/bench-classpath.txt)" \
  dev.robotledger.gateway.bench.ProvenanceQueryBenchmark --gateway-jar "$gateway_jar" \
  --out "$out/provenance-queries.json" --ingestion-rate "$ingestion_half" "${query_args[@]}" \
  | grep -v -e '^[0-9-]*T[0-9:.]*Z ' -e '^\s*at '

# The ledger path needs Fabric: its own network in .state/bench-fabric (ports moved by 15000),
# stopped again afterwards; without Fabric the step says why and results.json has no ledger figures.
if fabric_check=$("$root/network/fabric.sh" check 2>&1); then
  log "ledger: the network's ceiling, robots in rising steps through the gateway, a backlog drained (${fabric_check%%$'\n'*})"
  if $quick; then
    ledger_args=(--ceiling-seconds 15 --robot-steps 25,100,200 --step-seconds 90 --backlog-minutes 2)
  else
    ledger_args=(--ceiling-seconds 30 --ceiling-in-flight 50,200,400 --robot-steps 25,50,100,200,400,800 --step-seconds 180)
  fi
  stop_bench_fabric() { FABRIC_STATE_DIR="$root/.state/bench-fabric" FABRIC_PORT_OFFSET=15000 "$root/network/fabric.sh" down >/dev/null || true; }
  trap stop_bench_fabric EXIT
  java -Xmx2g -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/bench-classpath.txt)" \
    dev.robotledger.gateway.bench.LedgerThroughputBenchmark --gateway-jar "$gateway_jar" \
    --simulator-jar "$(ls robot-agent/target/robot-agent-*-all.jar | head -n 1)" --out "$out/ledger.json" "${ledger_args[@]}" \
    | grep -v -e '^[0-9-]*T[0-9:.]*Z ' -e '^\s*at '
  stop_bench_fabric
else
  log "ledger: SKIPPED, no Fabric (${fabric_check%%$'\n'*}); see the README's Getting Fabric"
  echo null >"$out/ledger.json"
fi

log "start-up: network/system.sh up to the first anchored batch, cold and warm (on the ledger LEDGER resolves to)"
"$root/network/startup-time.sh" --out "$out/startup.json"

jq -n --slurpfile jmh "$out/jmh.json" --slurpfile ingestion "$out/ingestion.json" --slurpfile flood "$out/flood.json" \
  --slurpfile queries "$out/provenance-queries.json" --slurpfile startup "$out/startup.json" --slurpfile ledger "$out/ledger.json" \
  '{jmh: [$jmh[0][] | {benchmark: .benchmark, params: (.params // {}), threads: .threads,
                       opsPerSecond: .primaryMetric.score, error: .primaryMetric.scoreError}],
    ingestion: $ingestion[0], flood: $flood[0], provenanceQueries: $queries[0], ledger: $ledger[0],
    startup: $startup[0]}' >"$out/results.json"
log "results: $out/results.json"
