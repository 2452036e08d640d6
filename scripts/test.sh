#!/usr/bin/env bash
# ./portal test: everything a newcomer needs to see the portal is sound.
# Installs what is missing (Node 22, dependencies, Chromium, PostgreSQL, Ceph and
# Prometheus for the health tests), then
# runs: type check, lint, formatting, unit tests of every package (backend tests
# on SQLite and PostgreSQL) and the browser tests against a started portal.
# Safe to run again; a failed step stops the run with its output.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/ceph-lab.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "toolchain and services"
ensure_node
# Chromium for the browser tests; cloud-init's own validator and openssl for
# the generator tests (kubectl comes with the machine image, else apt)
apt_install chromium cloud-init openssl git
command -v kubectl >/dev/null || apt_install kubectl
export PORTAL_REQUIRE_REAL_TOOLS=1
# a real single-node Ceph and Prometheus for the health tests (scripts/ceph-lab)
ensure_ceph_packages
export PORTAL_REQUIRE_CEPH=1
ensure_postgres
ensure_dependencies

REPORT_DIR="$ROOT/.local/test-report"
rm -rf "$REPORT_DIR" && mkdir -p "$REPORT_DIR"

step "type check"
yarn tsc
yarn tsc -p e2e
# the benchmarks are not run here, but they must not rot
yarn tsc -p bench

step "API reports (a change to a published package's API must come with its report)"
yarn test:api-reports

step "lint and formatting"
yarn lint:all
yarn prettier --check --log-level warn .

step "unit and integration tests (every package; databases: SQLite and $PORTAL_TEST_POSTGRES_ID)"
CI=true yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$REPORT_DIR/jest.json"

step "browser tests (headless Chromium against a started portal)"
node --test --test-concurrency=1 --test-timeout=900000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$REPORT_DIR/e2e.tap" \
  e2e/*.test.ts

node "$ROOT/scripts/lib/test-summary.cjs" "$REPORT_DIR/jest.json" "$REPORT_DIR/e2e.tap"
