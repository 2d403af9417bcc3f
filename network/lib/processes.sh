# Process bookkeeping shared by the network scripts: every process a script starts is recorded
# by its pid in "$pids/<name>.pid", logs to "$logs/<name>.log", and only those are ever stopped.
# The sourcing script sets `pids`, `logs` and a `log`/`die` pair before calling these.

pid_of() {
  local file="$pids/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# True when something accepts connections on host:port.
port_in_use() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

require_free_port() {
  local name=$1 host=$2 port=$3
  if port_in_use "$host" "$port"; then
    die "port $port on $host (for $name) is already in use by another program; free it or set another port"
  fi
}

# Polls a readiness check of a process we started until it passes; fails at once if the process
# died, and after a time bound if it never becomes ready.
wait_ready() {
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    pid_of "$name" >/dev/null || die "$name exited during start-up; last lines of $logs/$name.log:
$(tail -n 15 "$logs/$name.log")"
    [ $SECONDS -lt $deadline ] || die "$name not ready after ${seconds}s (see $logs/$name.log)"
    sleep 0.2
  done
}

start_process() {
  local name=$1; shift
  mkdir -p "$pids" "$logs"
  nohup "$@" >>"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$pids/$name.pid"
}

# SIGTERM, then SIGKILL after a grace period; the pid file goes either way.
stop_process() {
  local name=$1 pid
  if pid=$(pid_of "$name"); then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; fi
      sleep 0.2
    done
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pids/$name.pid"
}
