#!/usr/bin/env bash
# Claim-burst benchmark of subsidy-service, and the allocation Lua script alone, in one run.
#
#   subsidy-service/bench/run.sh
#
# 1. builds the service if needed (./mvnw package), makes a throw-away RS256 key pair, a fresh
#    PostgreSQL database (ebike_subsidy_bench) and flushes a Redis index of its own (9);
# 2. starts UpstreamStub.java (tradein, registration and the token endpoint, answering per id) and
#    the built service (java -jar) against them;
# 3. ClaimBurst.java, twice, each on a district and phase of its own: a warm-up burst on a third district,
#    then CLAIMS distinct eligible claims on a phase of QUOTA
#      a. batched: BATCH claims per POST /api/subsidies/claims/batch from BATCH_CONCURRENCY threads — how
#         tradein-service's outbox relay delivers them;
#      b. one claim per POST /api/subsidies/claims from CONCURRENCY threads (a regulator's or a replay's path);
#    each: decisions/s, latency percentiles, outcomes, and a check in PostgreSQL that exactly QUOTA were
#    granted with ranks 1..QUOTA;
# 4. redis-benchmark runs allocate.lua alone (EVALSHA, one claim per call: one phase, then trade-in, owner,
#    vehicle, phase index) against the same Redis.
# Everything shares the machine's cores: compare the two numbers as a ratio from the same run.
#
# Settings (env): CLAIMS=10000 QUOTA=2560 CONCURRENCY=32 BATCH=100 BATCH_CONCURRENCY=4 WARMUP=10000
#   LUA_REQUESTS=200000
#   BENCH_PORT=18083 BENCH_STUB_PORT=18090 BENCH_DB=ebike_subsidy_bench BENCH_REDIS_DB=9 BENCH_REDIS_PORT=6379
#   BENCH_JAR (a quarkus-run.jar built elsewhere, e.g. from a worktree of main for a before/after comparison;
#   default: this module's, built when missing or older than the sources)
#   DB_HOST DB_PORT DB_USER DB_PASSWORD (as ./suite), JAVA_OPTS (service JVM, default -Xmx512m),
#   BENCH_START_TIMEOUT=300 (seconds to wait for the service to be ready; the run fails if it is not)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
OUT="$MODULE/target/bench"
mkdir -p "$OUT"

CLAIMS="${CLAIMS:-10000}"
QUOTA="${QUOTA:-2560}"
CONCURRENCY="${CONCURRENCY:-32}"
BATCH="${BATCH:-100}"
BATCH_CONCURRENCY="${BATCH_CONCURRENCY:-4}"
WARMUP="${WARMUP:-10000}"
LUA_REQUESTS="${LUA_REQUESTS:-200000}"
PORT="${BENCH_PORT:-18083}"
STUB_PORT="${BENCH_STUB_PORT:-18090}"
BENCH_DB="${BENCH_DB:-ebike_subsidy_bench}"
REDIS_DB="${BENCH_REDIS_DB:-9}"
REDIS_PORT="${BENCH_REDIS_PORT:-6379}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-ebike}"
export PGPASSWORD="${DB_PASSWORD:-}"
RUN_ID="$(date +%s)"
DISTRICT="bench-batch-$RUN_ID"
WARM_DISTRICT="warmup-$RUN_ID"
SINGLE_DISTRICT="bench-single-$RUN_ID"

say() { printf '==> %s\n' "$*"; }
# this script drops and recreates its database and flushes its Redis index: never let it touch others
[[ "$BENCH_DB" == *_bench ]] || { echo "BENCH_DB must end in _bench (it is dropped and recreated)" >&2; exit 2; }
[[ "$REDIS_DB" =~ ^[0-9]+$ && "$REDIS_DB" -ge 3 ]] || { echo "BENCH_REDIS_DB must be 3 or more (0: the suite, 1: subsidy tests, 2: gateway tests)" >&2; exit 2; }
redis() { redis-cli -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"; }

JAR="${BENCH_JAR:-$MODULE/target/quarkus-app/quarkus-run.jar}"
if [[ -z "${BENCH_JAR:-}" && ( ! -f "$JAR" || -n "$(find "$MODULE/src/main" "$MODULE/pom.xml" "$ROOT/common/src/main" -newer "$JAR" -print -quit)" ) ]]; then
  say "building subsidy-service (and common, -am: it is not installed in the local repository)"
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl subsidy-service -am package -DskipTests)
fi
[[ -f "$JAR" ]] || { echo "no $JAR" >&2; exit 2; }
say "service jar: $JAR"

say "throw-away JWT key pair in $OUT"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/jwt-private.pem" 2>/dev/null
openssl pkey -in "$OUT/jwt-private.pem" -pubout -out "$OUT/jwt-public.pem"

say "fresh database $BENCH_DB, Redis index $REDIS_DB flushed"
psql_db -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
redis FLUSHDB >/dev/null

STUB_PID="" SVC_PID=""
cleanup() {
  [[ -n "$SVC_PID" ]] && kill "$SVC_PID" 2>/dev/null && wait "$SVC_PID" 2>/dev/null || true
  [[ -n "$STUB_PID" ]] && kill "$STUB_PID" 2>/dev/null && wait "$STUB_PID" 2>/dev/null || true
  redis FLUSHDB >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "starting the upstream stub on $STUB_PORT"
java -Xmx256m "$HERE/UpstreamStub.java" "$STUB_PORT" "$DISTRICT" "$WARM_DISTRICT" "$SINGLE_DISTRICT" >"$OUT/stub.log" 2>&1 &
STUB_PID=$!

say "starting subsidy-service on $PORT"
(
  cd "$MODULE"
  PORT="$PORT" DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER" DB_PASSWORD="${DB_PASSWORD:-}" \
  DB_NAME="$BENCH_DB" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/$REDIS_DB" \
  JWT_PUBLIC_KEY_LOCATION="$OUT/jwt-public.pem" EBIKE_JWT_KNOWN_KIDS=bench \
  TRADEIN_URL="http://127.0.0.1:$STUB_PORT" REGISTRATION_URL="http://127.0.0.1:$STUB_PORT" \
  SERVICE_TOKEN_URL="http://127.0.0.1:$STUB_PORT/api/auth/token" SUBSIDY_CLIENT_SECRET="bench-only" \
  WALLET_ENCRYPTION_KEY="$(openssl rand -base64 32)" PAYOUT_WORKER_ENABLED=false \
  exec java ${JAVA_OPTS:--Xmx512m} -jar "$JAR"
) >"$OUT/service.log" 2>&1 &
SVC_PID=$!
READY=""
for i in $(seq 1 "${BENCH_START_TIMEOUT:-300}"); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && { READY=1; break; }
  kill -0 "$SVC_PID" 2>/dev/null || { tail -30 "$OUT/service.log"; exit 1; }
  sleep 1
done
[[ -n "$READY" ]] || { echo "subsidy-service not ready after ${BENCH_START_TIMEOUT:-300} s" >&2; tail -30 "$OUT/service.log"; exit 1; }

echo "load before the bursts: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min), $(nproc) cores"
FAILED=""
# burst <label> <district> <stub block> <claims per request> <concurrency> <warm-up claims>
burst() {
  local label="$1" district="$2" block="$3" batch="$4" conc="$5" warm="$6"
  say "claim burst ($label): $CLAIMS claims, quota $QUOTA, $batch per request, $conc concurrent requests"
  java -Xmx512m -Dcpu.pids="service=$SVC_PID,stub=$STUB_PID" "$HERE/ClaimBurst.java" "http://127.0.0.1:$PORT" \
    "$OUT/jwt-private.pem" "$district" "$CLAIMS" "$QUOTA" "$conc" "$WARM_DISTRICT" "$warm" "$batch" "$block" \
    | tee "$OUT/burst-$label.txt"
  local check granted ranks minr maxr owners decided phase
  check=$(psql_db -d "$BENCH_DB" -At -F ' ' -c "
    select count(*) filter (where s.status = 'GRANTED'),
           count(distinct s.rank) filter (where s.status = 'GRANTED'),
           coalesce(min(s.rank), 0), coalesce(max(s.rank), 0),
           count(distinct s.owner_id) filter (where s.status = 'GRANTED'),
           count(*), (select granted from phase p where p.campaign_id = c.id)
    from subsidy s join campaign c on c.id = s.campaign_id where c.district = '$district' group by c.id")
  read -r granted ranks minr maxr owners decided phase <<<"$check"
  echo "PostgreSQL: decided $decided, granted $granted (phase counter $phase), distinct ranks $ranks from $minr to $maxr, distinct owners $owners" \
    | tee -a "$OUT/burst-$label.txt"
  if [[ "$decided" != "$CLAIMS" || "$granted" != "$QUOTA" || "$ranks" != "$QUOTA" || "$minr" != 1 || "$maxr" != "$QUOTA" \
        || "$phase" != "$QUOTA" || "$owners" != "$QUOTA" ]]; then
    FAILED="$FAILED $label"
  fi
}
burst batched "$DISTRICT" 0 "$BATCH" "$BATCH_CONCURRENCY" "$WARMUP"
burst single "$SINGLE_DISTRICT" 2 1 "$CONCURRENCY" 0

say "redis-benchmark: allocate.lua alone (EVALSHA, $LUA_REQUESTS calls, 50 connections)"
SHA=$(redis SCRIPT LOAD "$(cat "$MODULE/src/main/resources/lua/allocate.lua")")
K="benchlua:{c}"
redis SET "$K:epoch" e1 >/dev/null
redis SADD "$K:owners" '~' >/dev/null
redis SADD "$K:vehicles" '~' >/dev/null
redis SET "$K:phase:p:taken" 0 >/dev/null
redis-benchmark -p "$REDIS_PORT" -n "$LUA_REQUESTS" -c 50 --dbnum "$REDIS_DB" -r 100000000 --csv \
  EVALSHA "$SHA" 6 "$K:epoch" "$K:owners" "$K:vehicles" "$K:holds" "$K:phase:p:taken" "$K:phase:p:free" \
  1 p 1000000000000 __rand_int__ __rand_int__ __rand_int__ 1 | tee "$OUT/redis-benchmark.csv"
LUA_RPS=$(tail -1 "$OUT/redis-benchmark.csv" | cut -d, -f2 | tr -d '"')
LUA_TAKEN=$(redis GET "$K:phase:p:taken")

dps() { sed -n 's/^decisions\/s //p' "$OUT/burst-$1.txt"; }
p99() { sed -n 's/.* p99 \([0-9.]*\).*/\1/p' "$OUT/burst-$1.txt"; }
DPS=$(dps batched)
echo
echo "================ summary (run $RUN_ID, $(nproc) cores shared by everything) ================"
for label in batched single; do
  printf '%-16s : %s decisions/s, p99 %s ms   %s\n' "$label" "$(dps $label)" "$(p99 $label)" "$(grep '^PostgreSQL' "$OUT/burst-$label.txt")"
  printf '%-16s   %s\n' "" "$(grep '^cpu ms per decision' "$OUT/burst-$label.txt")"
done
echo "batched / single : $(awk -v b="$DPS" -v s="$(dps single)" 'BEGIN { if (s > 0) printf "%.1f", b / s }')x"
echo "Lua alone        : $LUA_RPS EVALSHA/s (slots taken by the script run: $LUA_TAKEN)"
awk -v d="$DPS" -v l="$LUA_RPS" 'BEGIN { if (l > 0) printf "ratio            : a batched decision costs %.1f Lua calls (%.1f%% of the script'"'"'s rate)\n", l / d, 100 * d / l }'
if [[ -n "$FAILED" ]]; then
  echo "FAILED:$FAILED did not decide every claim and grant exactly the quota with ranks 1..$QUOTA" >&2
  exit 1
fi
awk -v d="$DPS" 'BEGIN { exit !(d >= 2000) }' && echo "goal             : >= 2000 decisions/s met (batched)" \
  || echo "goal             : >= 2000 decisions/s NOT met on this run (batched)"
