#!/usr/bin/env bash
# Stop the Ceph lab that start-ceph.sh started in the same lab directory (LAB or
# CEPH_LAB_INSTANCE, as for the start): exactly the recorded pids, OSDs first,
# then the mgr, then the mon, each waited for (an OSD whose mon is gone waits
# 5 s for it). FAST=1 sends SIGKILL to all of them at once. The lab directory
# and its logs stay; the next start deletes them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/ceph-lab.sh"

LAB_DIR="$(ceph_lab_dir)"
FAST="${FAST:-0}"
[[ "$FAST" =~ ^[01]$ ]] || die "FAST must be 0 or 1; got '$FAST'"
signal=TERM
[ "$FAST" = 1 ] && signal=KILL

T="$(lab_now)"
for file in "$LAB_DIR"/pids/osd.*.pid "$LAB_DIR/pids/mgr.x.pid" "$LAB_DIR/pids/mon.a.pid"; do
  lab_stop_pidfile "$file" "$signal"
done
echo "timing: stop-ceph.sh took $(lab_since "$T")s"
