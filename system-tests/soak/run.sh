#!/usr/bin/env bash
# The fault soak: the real suite on a scratch PostgreSQL cluster and a scratch Redis of its own (never the shared
# 5432/6379, which other runs use), a mixed workload at a fixed rate through the gateway, faults on a printed
# schedule (kill -9 of each service, PostgreSQL restart, Redis restart, a failing/slow payout provider, a provider
# that times out after paying, latency between services), invariants checked at the end.
#
#   system-tests/soak/run.sh            short mode (~3 minutes of load; CI runs this after ./suite test)
#   system-tests/soak/run.sh --long     long mode: the schedule repeated for ≥ 30 minutes (--minutes N to change)
#   options: --rate R (operations per second, default 5)  --minutes N
#            --reuse-build  use the service jars a build just made (./suite test does): no Quarkus rebuild
#   env: SOAK_PG_PORT (55432), SOAK_REDIS_PORT (6399)
#
# Output: system-tests/target/soak/report.md (faults × invariants, per-window latency and errors) and latency.csv.
# Needs what ./suite test needs (Java, PostgreSQL server binaries, redis-server). Builds the services with -am
# (their tests are not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODE=short MINUTES=3 RATE=5 REUSE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --long) MODE=long; [[ $MINUTES == 3 ]] && MINUTES=30 ;;
    --short) MODE=short ;;
    --minutes) MINUTES=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --reuse-build) REUSE=1 ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
  esac
  shift
done
PGPORT="${SOAK_PG_PORT:-55432}"
REDISPORT="${SOAK_REDIS_PORT:-6399}"

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PGPORT" "$REDISPORT"; do
  tcp_open "$p" && { echo "soak: port $p is in use; set SOAK_PG_PORT / SOAK_REDIS_PORT to free ones" >&2; exit 1; }
done

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$PGBIN/initdb" ]] || { echo "soak: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "soak: redis-server not found (apt-get install redis-server)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/ebike-soak.XXXXXX)
chmod 755 "$WORK"
# initdb refuses to run as root: the cluster belongs to the postgres OS user then
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "soak: running as root needs the postgres OS user (the postgresql package creates it)" >&2; exit 1; }
  chown postgres "$WORK"
  PGAS="runuser -u postgres --"
else
  PGAS=""
fi
PGDATA="$WORK/pgdata"
PG_CTL="$PGAS $PGBIN/pg_ctl -D $PGDATA -w -t 120"
PG_START="$PG_CTL -l $WORK/postgresql.log -o '-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' start"
REDIS_START="redis-server --daemonize yes --bind 127.0.0.1 --port $REDISPORT --save '' --appendonly no --dir $WORK --logfile $WORK/redis.log"

cleanup() {
  set +e
  $PG_CTL -m immediate stop >/dev/null 2>&1
  redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> scratch PostgreSQL on 127.0.0.1:$PGPORT ($PGBIN, data in $WORK) and Redis on 127.0.0.1:$REDISPORT"
$PGAS "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
bash -c "$PG_START" >/dev/null
psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "CREATE ROLE ebike LOGIN CREATEDB PASSWORD 'soak'"
bash -c "$REDIS_START"

export DB_HOST=127.0.0.1 DB_PORT="$PGPORT" DB_USER=ebike DB_PASSWORD=soak
export EBIKE_TEST_REDIS="127.0.0.1:$REDISPORT" EBIKE_TEST_NS=_soak
# the faults the driver injects into the infrastructure: a crash-like stop (immediate) and a start
export SOAK_PG_STOP="$PG_CTL -m immediate stop"
export SOAK_PG_START="$PG_START"
export SOAK_REDIS_STOP="redis-cli -p $REDISPORT shutdown nosave"
export SOAK_REDIS_START="$REDIS_START"

cd "$ROOT"
echo "==> soak ($MODE, rate $RATE ops/s$([[ $MODE == long ]] && echo ", ≥ $MINUTES min"))"
BUILD_FLAGS=()
if [[ $REUSE == 1 ]]; then
  for m in registration-service tradein-service subsidy-service gateway; do
    [[ -f "$m/target/quarkus-app/quarkus-run.jar" ]] || { echo "soak: --reuse-build but $m is not built" >&2; exit 1; }
  done
  # the jars ./suite test just built and tested: skip Quarkus' packaging (and the web pages' build) this time
  BUILD_FLAGS=(-Dquarkus.build.skip=true -Dquinoa.disable=true)
fi
./mvnw -B -ntp verify ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} -pl system-tests -am -Psoak -Dtest='cn.ebike.systemtests.soak.SoakRun' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.mode="$MODE" -Dsoak.minutes="$MINUTES" -Dsoak.rate="$RATE"
