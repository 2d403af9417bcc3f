#!/usr/bin/env bash
# Measures whether the installed Mosquitto keeps QoS 1 messages for a persistent subscription
# (MQTT 5, clean start off, session expiry set, persistence on) across a graceful broker restart:
# a plain and a shared subscription, messages published before the restart (queued for the
# offline subscriber) and after it (before the subscriber is back), and a shared group of two of
# which one member is back. Prints one line per case. Needs mosquitto and mosquitto-clients.
set -euo pipefail

usage() {
  cat <<EOF
Usage: network/broker-restart-check.sh [--port PORT] [--messages N]

Starts a throw-away Mosquitto on 127.0.0.1:PORT (default 43889) in a temporary directory,
restarts it once per case and prints how many of N (default 100) messages each subscriber
received on reconnecting. Removes the directory and stops the broker when done.
EOF
}

port=43889
messages=100
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
for tool in mosquitto mosquitto_sub mosquitto_pub; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install mosquitto mosquitto-clients)" >&2; exit 1; }
done
if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "error: port $port is in use; pass --port" >&2
  exit 1
fi

dir=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
user $(id -un)
persistence true
persistence_location $dir/
autosave_interval 1
max_queued_messages 0
log_dest file $dir/mosquitto.log
EOF

start_broker() {
  mosquitto -c "$dir/mosquitto.conf" >>"$dir/broker.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    mosquitto_pub -p "$port" -t ready -m x 2>/dev/null && return
    sleep 0.1
  done
  echo "error: the broker did not start; see $dir/broker.out" >&2
  exit 1
}

# Graceful: SIGTERM makes Mosquitto write its persistence file.
restart_broker() {
  kill -TERM "$pid"
  wait "$pid" || true
  start_broker
}

# Connects as a persistent MQTT 5 session for $3 seconds, printing what it receives.
session() {
  mosquitto_sub -V mqttv5 -p "$port" -i "$1" -c -x 3600 -q 1 -t "$2" -W "$3" 2>/dev/null || true
}

publish() {
  seq "$messages" | mosquitto_pub -V mqttv5 -p "$port" -q 1 -t "$1" -l
}

start_broker
for kind in plain shared; do
  for when in before after; do
    topic="check/$kind-$when"
    filter=$topic
    [ "$kind" = plain ] || filter="\$share/group-$when/$topic"
    session "$kind-$when" "$filter" 1 >/dev/null
    [ "$when" = after ] || publish "$topic"
    restart_broker
    [ "$when" = before ] || publish "$topic"
    echo "$kind subscription, $messages published $when the restart: $(session "$kind-$when" "$filter" 5 | wc -l) delivered"
  done
done

# A shared group of two: A is back after the restart, B is still away while messages come.
filter='$share/pair/check/pair'
session A "$filter" 1 >/dev/null
session B "$filter" 1 >/dev/null
restart_broker
mosquitto_sub -V mqttv5 -p "$port" -i A -c -x 3600 -q 1 -t "$filter" -W 6 -d >"$dir/a.out" 2>/dev/null &
subscriber=$!
for _ in $(seq 50); do
  grep -q SUBACK "$dir/a.out" && break
  sleep 0.1
done
publish check/pair
wait "$subscriber" || true
echo "shared group of two, A back and B away after the restart, $messages published:" \
  "A got $(grep -c '^[0-9][0-9]*$' "$dir/a.out"), B got $(session B "$filter" 5 | wc -l) on its return"
mosquitto -h | head -1
