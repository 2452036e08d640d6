# Sourced by scripts/test.sh and scripts/ceph-lab/*.sh, after toolchain.sh
# (log, die, as_root, apt_install): the Debian packages of the local Ceph lab
# (a real single-node Ceph Pacific and a Prometheus, on 127.0.0.1 only) and the
# bookkeeping its start and stop scripts share.

CEPH_LAB_PACKAGES=(ceph-mon ceph-mgr ceph-osd ceph-common ceph-mgr-dashboard prometheus uuid-runtime curl)
# what the lab scripts run; /usr/bin/python3 (from ceph-common) rather than
# whatever python3 comes first on PATH, so a pyenv shim cannot break a start
CEPH_LAB_BINARIES=(ceph-mon ceph-mgr ceph-osd ceph monmaptool prometheus uuidgen curl /usr/bin/python3 ss timeout)
CEPH_LAB_POLICY_RC_D="${CEPH_LAB_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
CEPH_LAB_POLICY_MARKER="written by ensure_ceph_packages (scripts/lib/ceph-lab.sh)"

# ceph_lab_packages: print the lab's Debian packages, one a line
ceph_lab_packages() { printf '%s\n' "${CEPH_LAB_PACKAGES[@]}"; }

# ceph_lab_missing_binaries: print the lab's missing binaries, one a line
ceph_lab_missing_binaries() {
  local b
  for b in "${CEPH_LAB_BINARIES[@]}"; do command -v "$b" >/dev/null 2>&1 || echo "$b"; done
}

# ceph_lab_available: true when every binary the lab scripts run is installed
ceph_lab_available() {
  [ -z "$(ceph_lab_missing_binaries)" ]
}

# ensure_ceph_packages: install the lab's Debian packages that are missing.
# Debian's prometheus package starts its own server on *:9090 from its postinst
# unless policy-rc.d forbids it, and the lab must never listen beyond loopback;
# so without a policy-rc.d one that forbids every start is put in place for
# the install and removed afterwards, and one that would allow it is refused.
ensure_ceph_packages() {
  local missing=() p
  for p in "${CEPH_LAB_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local created=0 verdict=0
  if [ -e "$CEPH_LAB_POLICY_RC_D" ]; then
    "$CEPH_LAB_POLICY_RC_D" prometheus start >/dev/null 2>&1 || verdict=$?
    [ "$verdict" = 101 ] || die "$CEPH_LAB_POLICY_RC_D allows services to start (it exits $verdict for 'prometheus start', not 101), so installing prometheus would start a server on all interfaces at :9090. Install ${missing[*]} yourself and stop that service, or make $CEPH_LAB_POLICY_RC_D exit 101 during the install."
  else
    printf '#!/bin/sh\n# %s for one apt-get install: no service may start\nexit 101\n' "$CEPH_LAB_POLICY_MARKER" |
      as_root tee "$CEPH_LAB_POLICY_RC_D" >/dev/null
    as_root chmod 755 "$CEPH_LAB_POLICY_RC_D"
    created=1
  fi
  # a subshell, so the temporary policy goes away even when the install dies
  (
    if [ $created = 1 ]; then
      trap 'grep -qF "$CEPH_LAB_POLICY_MARKER" "$CEPH_LAB_POLICY_RC_D" 2>/dev/null && as_root rm -f "$CEPH_LAB_POLICY_RC_D"' EXIT
      trap 'exit 130' INT TERM
    fi
    apt_install "${missing[@]}"
  )
}

# ceph_lab_dir: the lab's directory: $LAB, else .local/ceph-lab/$CEPH_LAB_INSTANCE
ceph_lab_dir() {
  local instance="${CEPH_LAB_INSTANCE:-default}"
  [[ "$instance" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] ||
    die "CEPH_LAB_INSTANCE must be lower-case letters, digits and dashes (at most 63, not starting with a dash); got '$instance'"
  local dir="${LAB:-$ROOT/.local/ceph-lab/$instance}"
  [[ "$dir" = /* ]] || die "LAB must be an absolute path; got '$dir'"
  [[ "$dir" =~ ^[A-Za-z0-9_./-]+$ ]] || die "LAB may only hold letters, digits and _ . / -; got '$dir'"
  dir="$(realpath -m "$dir")"
  [ "$dir" != / ] || die "LAB must not be /"
  echo "$dir"
}

# lab_port VARIABLE DEFAULT: the value of VARIABLE (or DEFAULT), checked to be a TCP port
lab_port() {
  local value="${!1:-$2}"
  [[ "$value" =~ ^[0-9]{1,5}$ ]] && [ "$value" -ge 1 ] && [ "$value" -le 65535 ] ||
    die "$1 must be a TCP port number (1-65535); got '$value'"
  echo "$value"
}

# lab_pid_alive PID: true while PID runs; a zombie counts as gone (its sockets are closed,
# and PID 1 here may take seconds to reap daemons whose starting shell has exited)
lab_pid_alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$state" ] && [ "${state:0:1}" != Z ]
}

# lab_pid_is_ours PID: true when PID's command line names this lab's directory,
# so a recorded pid that the system has since given to another process is left alone
lab_pid_is_ours() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$LAB_DIR/"
}

# lab_stop_pidfile FILE SIGNAL: send SIGNAL to the pid recorded in FILE, wait for it
# to go (at most 10 s, then SIGKILL, at most 5 s more) and forget it
lab_stop_pidfile() {
  local file="$1" signal="$2" pid i
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  rm -f "$file"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  lab_pid_alive "$pid" && lab_pid_is_ours "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do lab_pid_alive "$pid" || return 0; sleep 0.1; done
  log "$(basename "$file" .pid) (pid $pid) still runs 10 s after SIG$signal; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do lab_pid_alive "$pid" || return 0; sleep 0.1; done
  die "$(basename "$file" .pid) (pid $pid) survived SIGKILL"
}

# lab_reset DIR: stop every process recorded under DIR (a lab left behind by a
# crash) and delete DIR; refuses a directory that is not a lab
lab_reset() {
  local dir="$1" file
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/.ceph-lab" ]; then
    die "$dir exists and is not a Ceph lab (no .ceph-lab marker); refusing to delete it. Choose another LAB."
  fi
  for file in "$dir"/pids/*.pid; do
    [ -f "$file" ] || continue
    log "stopping $(basename "$file" .pid) left behind by an earlier run of $dir"
    lab_stop_pidfile "$file" KILL
  done
  rm -rf "$dir"
}

# lab_wait SECONDS WHAT CMD...: run CMD every 0.3 s until it succeeds; fail naming WHAT after SECONDS
lab_wait() {
  local seconds="$1" what="$2"
  shift 2
  local end=$(($(date +%s) + seconds))
  until "$@"; do
    [ "$(date +%s)" -lt "$end" ] || die "timed out after ${seconds}s waiting for $what (logs: $LAB_DIR/log)"
    sleep 0.3
  done
}

lab_now() { date +%s.%N; }
# lab_since START: seconds since START, one decimal
lab_since() { awk -v a="$1" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }'; }
