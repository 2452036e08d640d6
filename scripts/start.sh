#!/usr/bin/env bash
# ./portal start: install what is missing and start the portal (frontend :3000,
# backend :7007). Safe to run again: a portal this script started before, or
# one left behind by a crash, is stopped first; a port held by something else
# is reported, not killed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/processes.sh"

APP_PORT="${PORTAL_APP_PORT:-3000}"
BACKEND_PORT="${PORTAL_BACKEND_PORT:-7007}"
RUN_DIR="$ROOT/.local/run/${PORTAL_INSTANCE:-portal}"
mkdir -p "$RUN_DIR"

ensure_node
ensure_dependencies

stop_recorded_processes "$RUN_DIR"
require_free_port "$APP_PORT" "the frontend (app.baseUrl)"
require_free_port "$BACKEND_PORT" "the backend (backend.baseUrl)"

configs=(--config "$ROOT/app-config.yaml")
# ports other than the defaults (the browser tests use their own)
if [ "$APP_PORT" != 3000 ] || [ "$BACKEND_PORT" != 7007 ]; then
  cat >"$RUN_DIR/app-config.ports.yaml" <<YAML
app:
  baseUrl: http://localhost:$APP_PORT
backend:
  baseUrl: http://localhost:$BACKEND_PORT
  listen:
    port: $BACKEND_PORT
  cors:
    origin: http://localhost:$APP_PORT
YAML
  configs+=(--config "$RUN_DIR/app-config.ports.yaml")
fi
[ -f "$ROOT/app-config.local.yaml" ] && configs+=(--config "$ROOT/app-config.local.yaml")
for extra in ${PORTAL_EXTRA_CONFIG:-}; do configs+=(--config "$extra"); done

log "starting the portal: http://localhost:$APP_PORT (backend http://localhost:$BACKEND_PORT)"
# own process group, so a later start (or Ctrl-C) stops the whole tree
set -m
yarn backstage-cli repo start "${configs[@]}" &
portal_pid=$!
set +m
echo "$portal_pid" >"$RUN_DIR/portal.pgid"
trap 'stop_recorded_processes "$RUN_DIR"; exit 130' INT TERM
wait "$portal_pid"
