#!/usr/bin/env bash
# A PostgreSQL server for aftercare's tests: installs Debian's postgresql package when
# it is missing, starts the cluster (no systemd needed), makes sure the test role
# exists, creates a throwaway database and prints its URL on stdout (nothing else).
#
#   export AFTERCARE_TEST_PG_URL=$(scripts/pg.sh)       # then: cargo test
#   scripts/pg.sh --drop URL                             # removes that database again
#   scripts/pg.sh stop [URL]                             # drops URL's database; stops
#                                                        # the cluster if pg.sh started it
#
# Runs as root (CI, the dev container) or as a user who may sudo. The role may create
# databases: the tests make one per test from this one. Listens on loopback only.
set -euo pipefail

log() { echo "pg.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

ROLE=aftercare_test
PORT=${PGPORT_TEST:-5432}

# Set when this script started the cluster, so `stop` leaves a server it found running alone.
STARTED=/var/lib/postgresql/.aftercare_started_by_pg_sh
online() { pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; }
if [ "${1:-}" = "stop" ]; then
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || exit 0
  VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if [ -n "${2:-}" ] && online; then "$0" --drop "$2" || true; fi
  if as_root test -e "$STARTED"; then
    log "stopping cluster $VERSION/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main stop -m fast >&2 || true
    as_root rm -f "$STARTED"
  fi
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
  log "creating cluster $VERSION/main"
  as_root pg_createcluster "$VERSION" main -p "$PORT" >&2
  CREATED=1
fi
# Settings for bulk loads (`aftercare demo`, `db migrate --to`): a 1M-ticket load writes
# about 5 GB; with Debian's defaults (max_wal_size 1 GB, checkpoints every 5 min,
# 128 MB shared_buffers) the server spends most of it waiting on checkpoints. The
# reloadable ones apply at once (pg_reload_conf below); shared_buffers, wal_buffers
# and wal_level at the cluster's next start. wal_level = minimal (no WAL for tables
# filled in the transaction that created or truncated them) only on a cluster this
# script created: it rules out replication, which a found cluster may have.
CONF_DIR=/etc/postgresql/$VERSION/main/conf.d
BULK_CONF=$CONF_DIR/aftercare-bulk.conf
if [ -d "$CONF_DIR" ] && ! as_root test -e "$BULK_CONF"; then
  log "writing $BULK_CONF (settings for bulk loads)"
  RELOAD=1
  as_root tee "$BULK_CONF" >/dev/null <<'CONF'
# Written by aftercare's scripts/pg.sh: settings for bulk loads on this test cluster.
max_wal_size = 4GB
min_wal_size = 1GB
checkpoint_timeout = 30min
checkpoint_completion_target = 0.9
maintenance_work_mem = 512MB
max_parallel_maintenance_workers = 2
shared_buffers = 1GB
wal_buffers = 64MB
CONF
fi
if [ "${CREATED:-}" = 1 ] && as_root test -e "$BULK_CONF" && ! as_root grep -q '^wal_level' "$BULK_CONF"; then
  printf 'wal_level = minimal\nmax_wal_senders = 0\n' | as_root tee -a "$BULK_CONF" >/dev/null
fi
if ! online; then
  log "starting cluster $VERSION/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start >&2
  as_root touch "$STARTED"
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')

psql_admin() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qAtX "$@"; }
for _ in $(seq 1 50); do
  psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.2
done
if [ "${RELOAD:-}" = 1 ]; then psql_admin -c 'SELECT pg_reload_conf()' >/dev/null; fi

if [ "${1:-}" = "--drop" ]; then
  db=${2##*/}
  db=${db%%\?*}
  case "$db" in aftercare_t_*|aftercare_test_*) ;; *) log "not a test database: $db"; exit 2 ;; esac
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >&2
  exit 0
fi

# The role's password lives beside the cluster (root-only), the same for every run.
PWFILE=/var/lib/postgresql/.aftercare_test_password
if ! as_root test -s "$PWFILE"; then
  as_root sh -c "umask 077; od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > $PWFILE"
fi
PW=$(as_root cat "$PWFILE")
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PW'" >&2
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PW'" >&2
fi

DB=${1:-aftercare_test_$(date +%s)_$$}
psql_admin -c "CREATE DATABASE \"$DB\" OWNER $ROLE" >&2
log "database $DB on PostgreSQL $VERSION, port $PORT"
echo "postgres://$ROLE:$PW@127.0.0.1:$PORT/$DB"
