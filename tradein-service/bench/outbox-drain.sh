#!/usr/bin/env bash
# Outbox drain benchmark: how fast the claim relay empties a backlog of completed trade-ins, with one and
# with two tradein-service instances on the same database, and whether any claim is posted twice.
#
#   tradein-service/bench/outbox-drain.sh [claims=3500] [subsidy-latency-ms=20]
#
# Each configuration first drains a warm-up backlog (a quarter of the claims), then the measured one; the
# 2-instance figure is measured in the same run as the 1-instance one, so compare the two as a ratio.
#
# It starts (and stops again) a WireMock standalone server as subsidy-service + token endpoint, and one or
# two tradein-service jars against their own database ebike_tradein_bench (created if missing; its tables are
# emptied before each run). Needs the local PostgreSQL (./suite db) and a JDK. Prints one line per run.
set -euo pipefail

CLAIMS="${1:-3500}"
LATENCY_MS="${2:-20}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(cd "$HERE/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-ebike}"
DB_NAME=ebike_tradein_bench
WM_PORT="${WM_PORT:-18180}"
APP_PORTS=(18182 18183)
WM_JAR="${WIREMOCK_JAR:-$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.1/wiremock-standalone-3.13.1.jar}"
APP_JAR="$MODULE/target/quarkus-app/quarkus-run.jar"
WORK="$(mktemp -d)"
PIDS=()

psql_db() { PGPASSWORD="${DB_PASSWORD:-}" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1 -qAt "$@"; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -f "$WM_JAR" ]] || { echo "WireMock jar not found at $WM_JAR (run the module's tests once, or set WIREMOCK_JAR)"; exit 1; }
if [[ ! -f "$APP_JAR" ]]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl tradein-service package -DskipTests)
fi
if [[ "$(psql_db -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
  psql_db -d postgres -c "CREATE DATABASE $DB_NAME"
fi

wait_http() { # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "timed out waiting for $1"; exit 1
}

# --- subsidy-service and the token endpoint, as WireMock ---------------------------------------
java -jar "$WM_JAR" --port "$WM_PORT" --disable-banner --container-threads 64 >"$WORK/wiremock.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$WM_PORT/__admin/mappings" 30
curl -fs -o /dev/null -X POST "http://127.0.0.1:$WM_PORT/__admin/mappings" -d '{
  "request": {"method": "POST", "url": "/api/auth/token"},
  "response": {"status": 200, "headers": {"Content-Type": "application/json"},
               "jsonBody": {"access_token": "bench-only-token", "token_type": "Bearer", "expires_in": 300}}}'
# subsidy's batch endpoint: one item per trade-in id of the post, each 201 (WireMock response templating)
curl -fs -o /dev/null -X POST "http://127.0.0.1:$WM_PORT/__admin/mappings" -d '{
  "request": {"method": "POST", "url": "/api/subsidies/claims/batch",
              "headers": {"Authorization": {"equalTo": "Bearer bench-only-token"}}},
  "response": {"status": 200, "fixedDelayMilliseconds": '"$LATENCY_MS"', "transformers": ["response-template"],
               "headers": {"Content-Type": "application/json"},
               "body": "{\"items\":[{{#each (jsonPath request.body '"'"'$.tradeInIds'"'"') as |id|}}{{#unless @first}},{{/unless}}{\"tradeInId\":\"{{id}}\",\"status\":201}{{/each}}]}"}}'

start_app() { # port
  PORT="$1" DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER" DB_NAME="$DB_NAME" \
  JWT_PUBLIC_KEY_LOCATION="$MODULE/src/test/resources/test-only-keys/jwt-public.pem" \
  TRADEIN_CLIENT_SECRET=bench-only-secret DEALER_CONTACT_ENCRYPTION_KEY="$(openssl rand -base64 32)" \
  SUBSIDY_URL="http://127.0.0.1:$WM_PORT" REGISTRATION_URL="http://127.0.0.1:$WM_PORT" \
  SERVICE_TOKEN_URL="http://127.0.0.1:$WM_PORT/api/auth/token" \
  QUARKUS_LOG_CATEGORY__CN_EBIKE_TRADEIN_OUTBOX__LEVEL=WARN \
    java -Xms64m -Xmx256m -jar "$APP_JAR" >"$WORK/app-$1.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$1/q/health/ready" 60
}

run() { # label, instances, claims
  local label=$1 instances=$2 CLAIMS=$3
  curl -fs -o /dev/null -X DELETE "http://127.0.0.1:$WM_PORT/__admin/requests"
  psql_db -d "$DB_NAME" -c "TRUNCATE claim_outbox, trade_ins, audit_entries, idempotency_keys, dealers"
  local start end
  start=$(date +%s%N)
  psql_db -d "$DB_NAME" <<SQL
INSERT INTO dealers (id, name, uscc, address, district, contact_phone_masked, contact_phone_enc,
                     commitment_signed_at, trade_in_enabled, authorized_agent, created_at)
VALUES ('00000000-0000-0000-0000-00000000b001', 'bench dealer', '91330100799655058B', 'bench', '上城区',
        '138****5678', 'v1.bench-row-not-a-real-ciphertext', now(), true, true, now());
INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, new_vehicle_id, status, opened_at, recycled_at,
                       recycling_receipt_no, battery_returned, completed_at)
SELECT gen_random_uuid(), '00000000-0000-0000-0000-00000000b001', gen_random_uuid(), gen_random_uuid(),
       gen_random_uuid(), 'COMPLETED', now(), now(), 'BENCH', true, now()
FROM generate_series(1, $CLAIMS);
INSERT INTO claim_outbox (id, trade_in_id, created_at, next_attempt_at)
SELECT gen_random_uuid(), id, now(), now() FROM trade_ins;
SQL
  while [[ "$(psql_db -d "$DB_NAME" -c "SELECT count(*) FROM claim_outbox WHERE delivered_at IS NULL")" != 0 ]]; do
    sleep 0.1
  done
  end=$(date +%s%N)
  # every claim id subsidy received, over all posts (ids inside the JSON-escaped request bodies)
  local received posts posted distinct
  received=$(curl -fs "http://127.0.0.1:$WM_PORT/__admin/requests" | grep '"body" : "{\\"tradeInIds' \
    | grep -o '[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}' || true)
  posted=$(printf '%s' "$received" | grep -c . || true)
  distinct=$(printf '%s' "$received" | sort -u | grep -c . || true)
  posts=$(curl -fs -X POST "http://127.0.0.1:$WM_PORT/__admin/requests/count" \
    -d '{"method": "POST", "url": "/api/subsidies/claims/batch"}' | sed 's/[^0-9]//g')
  local ms=$(( (end - start) / 1000000 ))
  printf '%-8s instances=%d claims=%d subsidy-latency=%dms drained-in=%d.%03ds rate=%d claims/s posts=%d claims-posted=%d distinct=%d duplicates=%d\n' \
    "$label" "$instances" "$CLAIMS" "$LATENCY_MS" $((ms / 1000)) $((ms % 1000)) $(( CLAIMS * 1000 / (ms > 0 ? ms : 1) )) \
    "$posts" "$posted" "$distinct" $(( posted - distinct ))
}

# each configuration first drains a warm-up backlog (JIT, connection pools), then the measured one
WARMUP=$(( CLAIMS / 4 > 200 ? CLAIMS / 4 : 200 ))
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
start_app "${APP_PORTS[0]}"
run warm-up 1 "$WARMUP"
run measured 1 "$CLAIMS"
start_app "${APP_PORTS[1]}"
run warm-up 2 "$WARMUP"
run measured 2 "$CLAIMS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
