# Process bookkeeping for ./portal start and the tests: every long-running
# process group we start is recorded under .local/run/<instance>/*.pgid, so a
# second start (or a start after a crash) can stop exactly what we started.

# stop_recorded_processes DIR: stop the process groups recorded in DIR
stop_recorded_processes() {
  local dir="$1" file pgid
  for file in "$dir"/*.pgid; do
    [ -f "$file" ] || continue
    pgid="$(cat "$file")"
    if [ -n "$pgid" ] && kill -0 -- "-$pgid" 2>/dev/null; then
      log "stopping the earlier run (process group $pgid from $(basename "$file"))"
      kill -TERM -- "-$pgid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
}

# require_free_port PORT WHAT VARIABLE: fail with a clear message when PORT is taken
require_free_port() {
  local port="$1" what="$2" variable="$3" holder
  if holder="$(ss -Hltnp "sport = :$port" 2>/dev/null)" && [ -n "$holder" ]; then
    die "port $port, needed for $what, is in use by: $(echo "$holder" | sed -E 's/.*users:\(\((.*)\)\).*/\1/' | head -n 1). Stop it, or choose another port with $variable."
  fi
}
