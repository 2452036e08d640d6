#!/usr/bin/env bash
# Start a throw-away single-node Ceph (Debian's Pacific: 1 mon, 1 mgr with the
# Prometheus exporter, 1 memstore OSD) on 127.0.0.1 only, for tests and the
# local stack. Everything (config, data, logs, sockets, pids) lives under the
# lab directory; nothing goes to /etc/ceph or /var/lib/ceph. A lab left behind
# by a crash is stopped and deleted first. Ends with HEALTH_OK, every PG
# active+clean and the exporter serving that state.
#
#   LAB                 lab directory (default .local/ceph-lab/$CEPH_LAB_INSTANCE)
#   CEPH_LAB_INSTANCE   instance name (default: default)
#   MON_V2_PORT         mon msgr v2 (default 3300)
#   MON_V1_PORT         mon msgr v1 (default 6789)
#   MS_BIND_PORT_MIN/MAX  ports the mgr and OSD bind from (default 6800-6829)
#   MGR_PROM_PORT       mgr Prometheus exporter, /metrics (default 9283)
#   DASHBOARD=1         also the mgr dashboard, plain HTTP on DASH_PORT (default 8080),
#                       with a read-only user DASH_RO_USER / DASH_RO_PASS
#
# Then: CEPH_CONF=$LAB/ceph.conf ceph -s
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/processes.sh"
source "$ROOT/scripts/lib/ceph-lab.sh"

LAB_DIR="$(ceph_lab_dir)"
MON_V2_PORT="$(lab_port MON_V2_PORT 3300)"
MON_V1_PORT="$(lab_port MON_V1_PORT 6789)"
# narrower than Ceph's default 6800-7300, which would cover the portal backend's 7007
MS_BIND_PORT_MIN="$(lab_port MS_BIND_PORT_MIN 6800)"
MS_BIND_PORT_MAX="$(lab_port MS_BIND_PORT_MAX 6829)"
MGR_PROM_PORT="$(lab_port MGR_PROM_PORT 9283)"
DASHBOARD="${DASHBOARD:-0}"
DASH_PORT="$(lab_port DASH_PORT 8080)"
DASH_RO_USER="${DASH_RO_USER:-ro-user}"
# the dashboard refuses weak passwords (EINVAL "Password is too weak")
DASH_RO_PASS="${DASH_RO_PASS:-RoPassw0rd!x}"
# the mgr takes 2 ports from the range and the OSD 8
MS_PORTS_NEEDED=10

[[ "$DASHBOARD" =~ ^[01]$ ]] || die "DASHBOARD must be 0 or 1; got '$DASHBOARD'"
[[ "$DASH_RO_USER" =~ ^[A-Za-z0-9_.-]+$ ]] || die "DASH_RO_USER may only hold letters, digits and _ . -; got '$DASH_RO_USER'"
[ $((MS_BIND_PORT_MAX - MS_BIND_PORT_MIN + 1)) -ge $MS_PORTS_NEEDED ] ||
  die "MS_BIND_PORT_MIN..MS_BIND_PORT_MAX must span at least $MS_PORTS_NEEDED ports; got $MS_BIND_PORT_MIN..$MS_BIND_PORT_MAX"
single_ports=(MON_V2_PORT MON_V1_PORT MGR_PROM_PORT)
[ "$DASHBOARD" = 1 ] && single_ports+=(DASH_PORT)
for a in "${single_ports[@]}"; do
  [ "${!a}" -lt "$MS_BIND_PORT_MIN" ] || [ "${!a}" -gt "$MS_BIND_PORT_MAX" ] ||
    die "$a (${!a}) lies inside MS_BIND_PORT_MIN..MS_BIND_PORT_MAX ($MS_BIND_PORT_MIN..$MS_BIND_PORT_MAX); the OSD could take it"
  for b in "${single_ports[@]}"; do
    [ "$a" = "$b" ] || [ "${!a}" != "${!b}" ] || die "$a and $b are both ${!a}; each needs its own port"
  done
done

ceph_lab_available || die "the Ceph lab needs $(ceph_lab_missing_binaries | tr '\n' ' ')- run ./portal test once, or: apt-get install --no-install-recommends ${CEPH_LAB_PACKAGES[*]}"

lab_reset "$LAB_DIR"

for a in "${single_ports[@]}"; do
  require_free_port "${!a}" "the Ceph lab ($a)" "$a"
done
taken="$(ss -Hltn | awk -v lo="$MS_BIND_PORT_MIN" -v hi="$MS_BIND_PORT_MAX" \
  '{ n = split($4, p, ":"); port = p[n] + 0; if (port >= lo && port <= hi) print port }' | sort -nu)"
free=$((MS_BIND_PORT_MAX - MS_BIND_PORT_MIN + 1 - $(grep -c . <<<"$taken" || true)))
[ "$free" -ge $MS_PORTS_NEEDED ] ||
  die "only $free ports of MS_BIND_PORT_MIN..MS_BIND_PORT_MAX ($MS_BIND_PORT_MIN..$MS_BIND_PORT_MAX) are free, the Ceph lab needs $MS_PORTS_NEEDED; taken: $(echo $taken). Choose another range."

mkdir -p "$LAB_DIR"/{mon/ceph-a,mgr/ceph-x,osd/ceph-0,run,log,crash,pids}
touch "$LAB_DIR/.ceph-lab"
export CEPH_CONF="$LAB_DIR/ceph.conf"
CEPH=(timeout 20 ceph --connect-timeout 10)

# a start that fails stops what it started (the logs stay for the caller)
on_exit() {
  local rc=$?
  if [ $rc != 0 ]; then
    for f in "$LAB_DIR"/pids/osd.*.pid "$LAB_DIR/pids/mgr.x.pid" "$LAB_DIR/pids/mon.a.pid"; do
      lab_stop_pidfile "$f" KILL || true
    done
    log "the Ceph lab did not start; logs in $LAB_DIR/log"
  fi
}
trap on_exit EXIT
trap 'exit 143' INT TERM

T_START="$(lab_now)"
FSID="$(uuidgen)"
MON_ADDRS="[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]"
# Why the less obvious settings (measured on this machine, see the commit that added this):
#  - auth none: no keyrings; any client only needs CEPH_CONF
#  - public/cluster addr 127.0.0.1: every daemon socket on loopback
#  - size 1, chooseleaf type 0, allow size one, no redundancy warning: one OSD is a valid cluster
#  - pg autoscale off: pg_num stays what the script created
#  - mon data avail warn/crit 1/0: a fairly full build disk would otherwise make HEALTH_WARN
#  - pg stuck threshold 5 s, beacon 5 s, report timeout 20 s: unhealthy states show in seconds,
#    not minutes (a hung single OSD would otherwise count as up for 15 minutes)
#  - osd fast shutdown false: memstore only saves its data when the OSD stops cleanly
#  - insecure global id reclaim warning off: Pacific raises it even with auth none
cat >"$CEPH_CONF" <<CONF
[global]
fsid = $FSID
mon host = $MON_ADDRS
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv6 = false
ms bind port min = $MS_BIND_PORT_MIN
ms bind port max = $MS_BIND_PORT_MAX
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
keyring = $LAB_DIR/keyring
run dir = $LAB_DIR/run
crash dir = $LAB_DIR/crash
log file = $LAB_DIR/log/\$cluster-\$name.log
mon cluster log file = $LAB_DIR/log/\$cluster.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 1
mon data avail crit = 0
mon pg stuck threshold = 5
mgr initial modules = iostat
osd objectstore = memstore
memstore device bytes = 1073741824
osd fast shutdown = false
osd beacon report interval = 5
mon osd report timeout = 20

[mon]
mon data = $LAB_DIR/mon/\$cluster-\$id
admin socket = $LAB_DIR/run/\$cluster-\$name.asok

[mgr]
mgr data = $LAB_DIR/mgr/\$cluster-\$id
admin socket = $LAB_DIR/run/\$cluster-\$name.asok

[osd]
osd data = $LAB_DIR/osd/\$cluster-\$id
admin socket = $LAB_DIR/run/\$cluster-\$name.asok
CONF
{
  echo "MON_V2_PORT=$MON_V2_PORT"
  echo "MON_V1_PORT=$MON_V1_PORT"
  echo "MS_BIND_PORT_MIN=$MS_BIND_PORT_MIN"
  echo "MS_BIND_PORT_MAX=$MS_BIND_PORT_MAX"
  echo "MGR_PROM_PORT=$MGR_PROM_PORT"
  if [ "$DASHBOARD" = 1 ]; then echo "DASH_PORT=$DASH_PORT"; fi
} >"$LAB_DIR/ports"

# start_daemon NAME CMD...: run a daemon in the foreground of a background job,
# so $! is the daemon itself, and record its pid
start_daemon() {
  local name="$1"
  shift
  "$@" </dev/null >"$LAB_DIR/log/$name.out" 2>&1 &
  echo $! >"$LAB_DIR/pids/$name.pid"
  # the pid file tracks it; bash need not report its end as a job
  disown $!
}
daemon_running() {
  lab_pid_alive "$(cat "$LAB_DIR/pids/$1.pid")" ||
    die "$1 exited during the start: $(tail -n 5 "$LAB_DIR/log/$1.out")"
}

# mon
monmaptool --create --clobber --addv a "$MON_ADDRS" --fsid "$FSID" "$LAB_DIR/monmap" >/dev/null
ceph-mon --mkfs -c "$CEPH_CONF" -i a --monmap "$LAB_DIR/monmap" >"$LAB_DIR/log/mon.a.mkfs.out" 2>&1
T_MON="$(lab_now)"
start_daemon mon.a ceph-mon -f -c "$CEPH_CONF" -i a
mon_answers() { daemon_running mon.a && timeout 5 ceph --connect-timeout 4 -s >/dev/null 2>&1; }
lab_wait 30 "the mon to answer" mon_answers
echo "timing: mon answers $(lab_since "$T_MON")s after its start"

# mgr module options go in before the mgr starts, so the exporter (and the dashboard)
# come up on 127.0.0.1 at once; --force because no mgr has declared the options yet
"${CEPH[@]}" config set mgr mgr/prometheus/server_addr 127.0.0.1 --force
"${CEPH[@]}" config set mgr mgr/prometheus/server_port "$MGR_PROM_PORT" --force
# the exporter serves a cache refreshed this often (read once, when the module starts)
"${CEPH[@]}" config set mgr mgr/prometheus/scrape_interval 5 --force
"${CEPH[@]}" mgr module enable prometheus --force
if [ "$DASHBOARD" = 1 ]; then
  "${CEPH[@]}" config set mgr mgr/dashboard/server_addr 127.0.0.1 --force
  "${CEPH[@]}" config set mgr mgr/dashboard/server_port "$DASH_PORT" --force
  "${CEPH[@]}" config set mgr mgr/dashboard/ssl false --force
  "${CEPH[@]}" mgr module enable dashboard --force
fi

# pools before the mgr and OSD: the devicehealth module would create its pool a
# second after the mgr starts, and that PG's late peering is a transient HEALTH_WARN
"${CEPH[@]}" osd pool create testpool 8 8 replicated >/dev/null 2>&1
"${CEPH[@]}" osd pool application enable testpool rbd >/dev/null 2>&1
"${CEPH[@]}" osd pool create device_health_metrics 1 1 replicated >/dev/null 2>&1
"${CEPH[@]}" osd pool application enable device_health_metrics mgr_devicehealth >/dev/null 2>&1
PG_COUNT=9

start_daemon mgr.x ceph-mgr -f -c "$CEPH_CONF" -i x

OSD_UUID="$(uuidgen)"
OSD_ID="$("${CEPH[@]}" osd new "$OSD_UUID" | tr -d '[:space:]')"
[[ "$OSD_ID" =~ ^[0-9]+$ ]] || die "ceph osd new answered '$OSD_ID', not an OSD id"
ceph-osd -c "$CEPH_CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$LAB_DIR/log/osd.$OSD_ID.mkfs.out" 2>&1
start_daemon "osd.$OSD_ID" ceph-osd -f -c "$CEPH_CONF" -i "$OSD_ID"

# ready: a mgr, the OSD up and in, every PG active+clean, HEALTH_OK
cluster_ready() {
  daemon_running mon.a && daemon_running mgr.x && daemon_running "osd.$OSD_ID" || return 1
  timeout 10 ceph --connect-timeout 5 -s -f json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
status = json.load(sys.stdin)
osds, pgs = status["osdmap"], status["pgmap"]
states = pgs["pgs_by_state"]
ready = (
    status["mgrmap"]["available"]
    and osds["num_up_osds"] == 1 and osds["num_in_osds"] == 1
    and pgs["num_pgs"] == int(sys.argv[1])
    and sum(s["count"] for s in states) == pgs["num_pgs"]
    and all(s["state_name"] == "active+clean" for s in states)
    and status["health"]["status"] == "HEALTH_OK"
)
sys.exit(0 if ready else 1)' "$PG_COUNT" 2>/dev/null
}
lab_wait 120 "HEALTH_OK with the OSD up and all $PG_COUNT PGs active+clean" cluster_ready
echo "timing: HEALTH_OK, all PGs active+clean $(lab_since "$T_MON")s after the mon start"

# the exporter serves a cache: wait until it shows the same state
exporter_ready() {
  local metrics
  metrics="$(curl -sf -m 5 "http://127.0.0.1:$MGR_PROM_PORT/metrics")" || return 1
  grep -q "^ceph_osd_up{ceph_daemon=\"osd.$OSD_ID\"} 1.0" <<<"$metrics" &&
    grep -q '^ceph_health_status 0.0' <<<"$metrics"
}
lab_wait 60 "the exporter on 127.0.0.1:$MGR_PROM_PORT to show the OSD up and HEALTH_OK" exporter_ready
echo "timing: exporter shows HEALTH_OK $(lab_since "$T_MON")s after the mon start"

if [ "$DASHBOARD" = 1 ]; then
  lab_wait 60 "the dashboard on 127.0.0.1:$DASH_PORT" curl -sf -m 5 -o /dev/null "http://127.0.0.1:$DASH_PORT/"
  (umask 077 && printf '%s' "$DASH_RO_PASS" >"$LAB_DIR/dashboard-ro.password")
  "${CEPH[@]}" dashboard ac-user-create "$DASH_RO_USER" -i "$LAB_DIR/dashboard-ro.password" read-only >/dev/null
  echo "timing: dashboard answers, user $DASH_RO_USER (read-only) created $(lab_since "$T_MON")s after the mon start"
fi

echo "timing: start-ceph.sh took $(lab_since "$T_START")s"
echo "ceph lab ready: CEPH_CONF=$CEPH_CONF exporter=http://127.0.0.1:$MGR_PROM_PORT/metrics"
