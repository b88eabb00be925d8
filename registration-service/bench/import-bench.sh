#!/usr/bin/env bash
# Import benchmark for registration-service: 180,000 filed non-standard bikes in one CSV.
#
#   registration-service/bench/import-bench.sh [rows=180000]
#
# 1. builds the service jar if it is missing or older than the sources,
# 2. creates a scratch database (ebike_registration_bench, dropped and re-created: nothing else is touched),
# 3. generates scratch keys (JWT, plate signing, PII) in a temporary directory and a realistic CSV
#    (valid ID numbers, phones, frame numbers; ~60% of rows carry a plate number),
# 4. starts the built jar on port 18081 against that database,
# 5. imports the file once (timed: rows/s, elapsed, RSS before/peak/after), then again (all skipped),
# 6. stops the service it started and prints a summary.
#
# Environment: DB_HOST DB_PORT DB_USER DB_PASSWORD (default 127.0.0.1 5432 ebike ""), BENCH_PORT (18081),
# JAVA_OPTS (default "-Xms64m -Xmx512m", as ./suite runs the services), IMPORT_WRITERS (passed to the
# service: chunks written side by side, default 2), KEEP_DB=1 keeps the database.
set -euo pipefail

ROWS="${1:-180000}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(dirname "$MODULE")"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-ebike}"
export PGPASSWORD="${DB_PASSWORD:-}"
DB_NAME=ebike_registration_bench
PORT="${BENCH_PORT:-18081}"
JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx512m}"
JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
WORK="$(mktemp -d -t registration-bench.XXXXXX)"
PID=""

cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null || true
  fi
  if [[ "${KEEP_DB:-0}" != 1 ]]; then
    psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres \
      -c "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '==> %s\n' "$*"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

for tool in java psql curl openssl jq; do
  command -v "$tool" >/dev/null || { echo "import-bench: $tool is needed" >&2; exit 1; }
done

if [[ ! -f "$JAR" || -n "$(find "$MODULE/src/main" "$MODULE/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  step "building registration-service (./mvnw package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl registration-service package -DskipTests)
fi

step "scratch database $DB_NAME on $DB_HOST:$DB_PORT"
psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres \
  -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME" >/dev/null

step "scratch keys in $WORK"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem"
openssl genpkey -algorithm ed25519 -out "$WORK/plate-private.pem"
openssl pkey -in "$WORK/plate-private.pem" -pubout -out "$WORK/plate-public.pem"

step "generating $ROWS rows"
java "$HERE/GenerateFilingCsv.java" "$ROWS" "$WORK/filing.csv"
CSV_BYTES=$(stat -c %s "$WORK/filing.csv")

step "starting the service on port $PORT ($JAVA_OPTS)"
(
  cd "$WORK"
  PORT="$PORT" DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER" DB_PASSWORD="$PGPASSWORD" DB_NAME="$DB_NAME" \
  JWT_PUBLIC_KEY_LOCATION="$WORK/jwt-public.pem" EBIKE_JWT_KNOWN_KIDS=bench \
  PLATE_SIGNING_PRIVATE_KEY_LOCATION="$WORK/plate-private.pem" \
  PLATE_SIGNING_PUBLIC_KEY_LOCATION="$WORK/plate-public.pem" \
  PII_ENCRYPTION_KEY="$(openssl rand -base64 32)" PII_HMAC_KEY="$(openssl rand -base64 32)" \
  exec java $JAVA_OPTS -jar "$JAR" >"$WORK/service.log" 2>&1
) &
PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
  kill -0 "$PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" || { tail -30 "$WORK/service.log" >&2; exit 1; }
TOKEN=$(java "$HERE/MintToken.java" "$WORK/jwt-private.pem" REGULATOR)

import_once() { # label → prints the answer's counters, sets ELAPSED and PEAK
  local label=$1 start end sampler
  start=$(date +%s.%N)
  curl -fsS -o "$WORK/$label.json" -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/csv" \
    --data-binary "@$WORK/filing.csv" "http://127.0.0.1:$PORT/api/vehicles/import"
  end=$(date +%s.%N)
  ELAPSED=$(echo "$end - $start" | bc -l)
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RSS_IDLE=$(rss_kb "$PID")
step "import 1: $ROWS rows ($((CSV_BYTES / 1024)) KiB)"
import_once first
RSS_AFTER=$(rss_kb "$PID")
PEAK=$(hwm_kb "$PID")
FIRST_ELAPSED=$ELAPSED
jq -c '{imported, skipped, rejected, ownersCreated, platesIssued, errors: (.errors | length)}' "$WORK/first.json"

step "import 2: the same file again"
import_once second
SECOND_ELAPSED=$ELAPSED
jq -c '{imported, skipped, rejected, ownersCreated, platesIssued}' "$WORK/second.json"

COUNTS=$(psql -X -At -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -c \
  "SELECT (SELECT count(*) FROM vehicles) || ' vehicles, ' || (SELECT count(*) FROM owners) || ' owners, ' ||
          (SELECT count(*) FROM plates) || ' plates, ' || (SELECT count(*) FROM audit_entries) || ' audit rows'")
IMPORTED=$(jq .imported "$WORK/first.json")

printf '\n%s\n' "registration-service import benchmark ($(nproc) cores, $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'), PostgreSQL $(psql -X -At -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c 'show server_version'), JAVA_OPTS=$JAVA_OPTS)"
printf '  load average before    %s (other work on the machine slows every figure down)\n' "$LOAD_BEFORE"
printf '  import writers         %s\n' "${IMPORT_WRITERS:-2 (default)}"
printf '  rows in file           %d (%.1f MiB)\n' "$ROWS" "$(echo "$CSV_BYTES / 1048576" | bc -l)"
printf '  first import           %.1f s, %.0f rows/s (%s imported)\n' "$FIRST_ELAPSED" "$(echo "$ROWS / $FIRST_ELAPSED" | bc -l)" "$IMPORTED"
printf '  re-import (all skipped) %.1f s, %.0f rows/s, result %s\n' "$SECOND_ELAPSED" "$(echo "$ROWS / $SECOND_ELAPSED" | bc -l)" "$(jq -c '{imported, skipped, rejected}' "$WORK/second.json")"
printf '  RSS                    idle %d MiB, peak %d MiB, after first import %d MiB\n' $((RSS_IDLE / 1024)) $((PEAK / 1024)) $((RSS_AFTER / 1024))
printf '  database               %s\n' "$COUNTS"
printf '  service log            %s\n' "$(grep -o 'import: .*' "$WORK/service.log" | head -2 | tr '\n' ' ')"
