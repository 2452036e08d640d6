#!/usr/bin/env bash
# Runs one benchmark (or all): ./portal bench [generators|pull-requests|catalog-ingest|health|frontend]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib/toolchain.sh"
ensure_node
ensure_dependencies
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(generators pull-requests catalog-ingest health frontend)
for name in "${names[@]}"; do
  log "benchmark: $name"
  # the frontend benchmark drives Debian's Chromium, as the browser tests do
  [ "$name" = frontend ] && apt_install chromium
  node --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" "$ROOT/bench/$name.bench.ts"
done
