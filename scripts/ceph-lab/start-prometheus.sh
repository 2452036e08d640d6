#!/usr/bin/env bash
# Start Debian's Prometheus on 127.0.0.1 for the Ceph lab: it scrapes the mgr
# exporter (job "ceph") and any extra loopback targets every 5 s, keeps one day
# of data under $LAB/prometheus, and is ready when the first Ceph sample can be
# queried (when the exporter answers at all; Prometheus alone is fine too).
# A Prometheus left behind in the same lab by a crash is stopped first.
#
#   LAB, CEPH_LAB_INSTANCE  the lab directory, as for start-ceph.sh
#   PROM_PORT               Prometheus (default 9090)
#   MGR_PROM_PORT           the exporter to scrape (default: the lab's, else 9283)
#   EXTRA_SCRAPE_TARGETS    more jobs: job=127.0.0.1:port[,job2=127.0.0.1:port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/processes.sh"
source "$ROOT/scripts/lib/ceph-lab.sh"

LAB_DIR="$(ceph_lab_dir)"
PROM_PORT="$(lab_port PROM_PORT 9090)"
recorded_exporter_port="$(sed -n 's/^MGR_PROM_PORT=//p' "$LAB_DIR/ports" 2>/dev/null || true)"
MGR_PROM_PORT="${MGR_PROM_PORT:-${recorded_exporter_port:-9283}}"
MGR_PROM_PORT="$(lab_port MGR_PROM_PORT 9283)"

# job=host:port pairs become "job host:port" lines; loopback only
loopback_host='(127\.([0-9]{1,3}\.){2}[0-9]{1,3}|localhost|\[::1\])'
targets=("ceph 127.0.0.1:$MGR_PROM_PORT")
IFS=',' read -r -a extra <<<"${EXTRA_SCRAPE_TARGETS:-}"
for entry in "${extra[@]}"; do
  entry="${entry// /}"
  [ -n "$entry" ] || continue
  [[ "$entry" =~ ^([^=]+)=(.+)$ ]] ||
    die "EXTRA_SCRAPE_TARGETS: '$entry' is not job=host:port (entries are separated by commas)"
  job="${BASH_REMATCH[1]}" address="${BASH_REMATCH[2]}"
  [[ "$job" =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]] ||
    die "EXTRA_SCRAPE_TARGETS: job name '$job' must start with a letter or _ and hold only letters, digits, _ and -"
  [[ "$address" =~ ^(.+):([0-9]{1,5})$ ]] ||
    die "EXTRA_SCRAPE_TARGETS: target '$address' of job $job is not host:port"
  host="${BASH_REMATCH[1]}" port="${BASH_REMATCH[2]}"
  [[ "$host" =~ ^$loopback_host$ ]] ||
    die "EXTRA_SCRAPE_TARGETS: target '$address' of job $job is not on loopback; the lab only scrapes 127.0.0.0/8, localhost or [::1]"
  [ "$port" -ge 1 ] && [ "$port" -le 65535 ] ||
    die "EXTRA_SCRAPE_TARGETS: port $port of job $job is not a TCP port (1-65535)"
  for t in "${targets[@]}"; do
    [ "${t%% *}" != "$job" ] || die "EXTRA_SCRAPE_TARGETS: job name '$job' is used twice (ceph is the lab's own)"
  done
  targets+=("$job $address")
done

command -v prometheus >/dev/null && command -v curl >/dev/null && [ -x /usr/bin/python3 ] ||
  die "the lab's Prometheus needs prometheus, curl and python3 - run ./portal test once, or: apt-get install --no-install-recommends ${CEPH_LAB_PACKAGES[*]}"

if [ -d "$LAB_DIR" ] && [ -n "$(ls -A "$LAB_DIR")" ] && [ ! -f "$LAB_DIR/.ceph-lab" ]; then
  die "$LAB_DIR exists and is not a Ceph lab (no .ceph-lab marker); refusing to use it. Choose another LAB."
fi
mkdir -p "$LAB_DIR/pids"
touch "$LAB_DIR/.ceph-lab"
if [ -f "$LAB_DIR/pids/prometheus.pid" ]; then
  log "stopping the Prometheus left behind by an earlier run of $LAB_DIR"
  lab_stop_pidfile "$LAB_DIR/pids/prometheus.pid" KILL
fi
PROM_DIR="$LAB_DIR/prometheus"
rm -rf "$PROM_DIR"
mkdir -p "$PROM_DIR/data"

require_free_port "$PROM_PORT" "the Ceph lab's Prometheus" PROM_PORT

# Prometheus reads YAML, and JSON is YAML: the config is built as data by Python's
# json module, so no value can change its structure
printf '%s\n' "${targets[@]}" | /usr/bin/python3 -c '
import json, sys
jobs = [line.split(" ", 1) for line in sys.stdin.read().splitlines()]
config = {
    "global": {"scrape_interval": "5s", "scrape_timeout": "4s", "evaluation_interval": "5s"},
    "scrape_configs": [
        {"job_name": job, "honor_labels": job == "ceph", "static_configs": [{"targets": [address]}]}
        for job, address in jobs
    ],
}
json.dump(config, sys.stdout, indent=2)
' >"$PROM_DIR/prometheus.yml"

on_exit() {
  if [ $? != 0 ]; then
    lab_stop_pidfile "$LAB_DIR/pids/prometheus.pid" KILL || true
    log "the lab's Prometheus did not start; log in $PROM_DIR/prometheus.log"
  fi
}
trap on_exit EXIT
trap 'exit 143' INT TERM

T="$(lab_now)"
prometheus --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$PROM_DIR/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time=1d \
  </dev/null >"$PROM_DIR/prometheus.log" 2>&1 &
echo $! >"$LAB_DIR/pids/prometheus.pid"
disown $!
echo "PROM_PORT=$PROM_PORT" >"$PROM_DIR/port"

prometheus_running() {
  lab_pid_alive "$(cat "$LAB_DIR/pids/prometheus.pid")" ||
    die "prometheus exited during the start: $(tail -n 5 "$PROM_DIR/prometheus.log")"
}
prometheus_ready() { prometheus_running && curl -sf -m 2 -o /dev/null "http://127.0.0.1:$PROM_PORT/-/ready"; }
lab_wait 30 "Prometheus on 127.0.0.1:$PROM_PORT to be ready" prometheus_ready
echo "timing: prometheus ready $(lab_since "$T")s after its start"

if curl -sf -m 5 -o /dev/null "http://127.0.0.1:$MGR_PROM_PORT/metrics"; then
  ceph_sample() {
    prometheus_running &&
      curl -sf -m 2 "http://127.0.0.1:$PROM_PORT/api/v1/query?query=ceph_health_status" | grep -q '"value"'
  }
  lab_wait 60 "the first ceph_health_status sample in Prometheus" ceph_sample
  echo "timing: ceph_health_status queryable $(lab_since "$T")s after the prometheus start"
else
  log "no exporter answers on 127.0.0.1:$MGR_PROM_PORT yet; Prometheus will scrape it once it does"
fi
echo "prometheus ready: http://127.0.0.1:$PROM_PORT jobs: $(printf '%s; ' "${targets[@]}")"
