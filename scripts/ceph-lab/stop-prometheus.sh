#!/usr/bin/env bash
# Stop the Prometheus that start-prometheus.sh started in the same lab directory
# (LAB or CEPH_LAB_INSTANCE): exactly the recorded pid, waited for.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/ceph-lab.sh"

LAB_DIR="$(ceph_lab_dir)"
lab_stop_pidfile "$LAB_DIR/pids/prometheus.pid" TERM
