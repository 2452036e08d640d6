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
require_free_port "$APP_PORT" "the frontend (app.baseUrl)" PORTAL_APP_PORT
require_free_port "$BACKEND_PORT" "the backend (backend.baseUrl)" PORTAL_BACKEND_PORT

configs=(--config "$ROOT/app-config.yaml")

# With no GitHub token and no local config of your own, the portal runs
# against local stand-ins (see packages/local-stack); with them, it uses yours.
if [ -z "${GITHUB_TOKEN:-}" ] && [ ! -f "$ROOT/app-config.local.yaml" ] && [ "${PORTAL_LOCAL_STACK:-1}" = 1 ]; then
  STACK_DIR="$RUN_DIR/stack"
  GITHUB_STANDIN_PORT="${PORTAL_GITHUB_STANDIN_PORT:-7701}"
  KUBERNETES_STANDIN_PORT="${PORTAL_KUBERNETES_STANDIN_PORT:-7702}"
  CONTROL_PORT="${PORTAL_CONTROL_PORT:-7703}"
  OIDC_PORT="${PORTAL_OIDC_PORT:-7704}"
  stack_args=()
  # PORTAL_LOCAL_OIDC=1: sign in through a local OpenID Connect provider (as Authentik in production)
  if [ "${PORTAL_LOCAL_OIDC:-0}" = 1 ]; then
    require_free_port "$OIDC_PORT" "the local OpenID Connect provider" PORTAL_OIDC_PORT
    stack_args=(--oidc-port "$OIDC_PORT")
  fi
  # PORTAL_LOCAL_GITHUB_AUTH=app: the portal reaches the GitHub stand-in as a GitHub App
  stack_args+=(--github-auth "${PORTAL_LOCAL_GITHUB_AUTH:-token}")
  PROMETHEUS_PORT="${PORTAL_PROMETHEUS_PORT:-9090}"
  LOCAL_CEPH="${PORTAL_LOCAL_CEPH:-auto}"
  require_free_port "$GITHUB_STANDIN_PORT" "the GitHub stand-in" PORTAL_GITHUB_STANDIN_PORT
  require_free_port "$KUBERNETES_STANDIN_PORT" "the Kubernetes stand-in" PORTAL_KUBERNETES_STANDIN_PORT
  require_free_port "$CONTROL_PORT" "the local stack's control API" PORTAL_CONTROL_PORT
  log "no GITHUB_TOKEN and no app-config.local.yaml: starting the local stand-ins (GitHub on 127.0.0.1:$GITHUB_STANDIN_PORT, Kubernetes on 127.0.0.1:$KUBERNETES_STANDIN_PORT)"
  mkdir -p "$STACK_DIR"
  set -m
  node --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
    "$ROOT/packages/local-stack/src/cli.ts" --dir "$STACK_DIR" --github-port "$GITHUB_STANDIN_PORT" \
    --kubernetes-port "$KUBERNETES_STANDIN_PORT" --control-port "$CONTROL_PORT" \
    --ceph "$LOCAL_CEPH" --prometheus-port "$PROMETHEUS_PORT" --backend-port "$BACKEND_PORT" "${stack_args[@]}" \
    >"$RUN_DIR/local-stack.log" 2>&1 &
  echo $! >"$RUN_DIR/local-stack.pgid"
  set +m
  # a real Ceph takes about 20 s to become healthy
  for _ in $(seq 1 400); do
    grep -q '^local stack ready' "$RUN_DIR/local-stack.log" 2>/dev/null && break
    kill -0 "$(cat "$RUN_DIR/local-stack.pgid")" 2>/dev/null || die "the local stand-ins did not start: $(tail -n 20 "$RUN_DIR/local-stack.log")"
    sleep 0.5
  done
  grep -q '^local stack ready' "$RUN_DIR/local-stack.log" || die "the local stand-ins did not start within 200s (see $RUN_DIR/local-stack.log)"
  grep -v '^local stack ready' "$RUN_DIR/local-stack.log" | sed 's/^/  /' >&2
  configs+=(--config "$STACK_DIR/app-config.stack.yaml")
  log "running against LOCAL STAND-INS: pull requests go to the GitHub stand-in, not to github.com"
fi
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
trap 'stop_recorded_processes "$RUN_DIR"' EXIT
wait "$portal_pid"
