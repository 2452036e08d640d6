# Sourced by scripts/test.sh: makes sure a PostgreSQL server from Debian runs on
# loopback and exports the connection string that Backstage's TestDatabases reads.
PG_TEST_PASSWORD="${PG_TEST_PASSWORD:-portal-test}"

ensure_postgres() {
  apt_install postgresql
  local line version cluster port status
  line="$(pg_lsclusters --no-header 2>/dev/null | head -n 1 || true)"
  if [ -z "$line" ]; then
    version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
    log "creating PostgreSQL $version cluster 'main'"
    as_root pg_createcluster "$version" main >/dev/null
    line="$(pg_lsclusters --no-header | head -n 1)"
  fi
  read -r version cluster port status _ <<<"$line"
  if [ "$status" != "online" ]; then
    log "starting PostgreSQL $version/$cluster on 127.0.0.1:$port"
    as_root pg_ctlcluster "$version" "$cluster" start
  fi
  local i
  for i in $(seq 1 50); do
    as_root su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 0.2
  done
  as_root su postgres -c "psql -p $port -qc \"ALTER USER postgres PASSWORD '$PG_TEST_PASSWORD'\"" >/dev/null
  export PORTAL_TEST_POSTGRES_ID="POSTGRES_${version}"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING=postgresql://postgres:${PG_TEST_PASSWORD}@127.0.0.1:${port}"
  export PORTAL_TEST_POSTGRES_URL="postgresql://postgres:${PG_TEST_PASSWORD}@127.0.0.1:${port}"
  # never let TestDatabases reach for a Docker engine
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  export PORTAL_REQUIRE_POSTGRES=1
}
