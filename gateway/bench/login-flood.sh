#!/usr/bin/env bash
# Issue 12, item 8: can a login flood starve the proxy? Proxied plate-verify throughput (POST /api/plates/verify,
# anonymous) measured with wrk while a login flood runs and without one, for two gateways started side by side
# in ONE run and measured in interleaved rounds (the machine is shared: compare ratios, not absolutes):
#   protected   - as shipped: login's own budget per address (gateway.login.per-address-per-window, 30/min)
#                 and the bcrypt bulkhead (gateway.login.hash-concurrency 0 = half the cores, hash-wait 2 s → 503)
#   unprotected - the "before": per-address login budget 10^9 and 1024 hashing slots (both plain settings, no
#                 bench-only switch needed: GATEWAY_LOGIN_PER_ADDRESS_PER_WINDOW, GATEWAY_LOGIN_HASH_CONCURRENCY)
# and two floods: from ONE address, and from MANY (a random X-Forwarded-For per request; both gateways trust
# 127.0.0.1 as a proxy for this, TRUSTED_PROXIES, so the per-address budget cannot help and only the bulkhead
# does). The anonymous limit is raised for the run (RATE_LIMIT_ANONYMOUS) so that it measures the login rules
# alone. bcrypt cost 12 (production). The backend is bench/BenchBackend.java (a stub registration-service).
#
# Needs wrk (apt-get install -y wrk), a JDK 17, openssl, curl, PostgreSQL and Redis as for the tests, a built
# gateway (gateway/target/quarkus-app; built when missing). Uses the gateway TEST database
# (ebike_gateway_test${EBIKE_TEST_NS}, cleaned at start) and Redis db 2 of ${EBIKE_TEST_REDIS:-127.0.0.1:6379}:
# not while this checkout's gateway tests run. Ports: BENCH_PORT_BASE (default 18180) +0 protected, +1
# unprotected, +11 backend.
#
#   gateway/bench/login-flood.sh [SECONDS_PER_RUN] [ROUNDS] [VERIFY_CONNECTIONS] [FLOOD_CONNECTIONS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS="${3:-16}"
FLOOD_CONNECTIONS="${4:-16}"
PORT_BASE="${BENCH_PORT_BASE:-18180}"
PROTECTED_PORT=$PORT_BASE UNPROTECTED_PORT=$((PORT_BASE + 1)) BACKEND_PORT=$((PORT_BASE + 11))
DB_NAME_BENCH="${BENCH_DB_NAME:-ebike_gateway_test${EBIKE_TEST_NS:-}}"
REDIS_URL_BENCH="${BENCH_REDIS_URL:-redis://${EBIKE_TEST_REDIS:-127.0.0.1:6379}/2}"
for tool in wrk java openssl curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk openssl curl)"; exit 1; }
done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d /tmp/login-flood.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 15); do
    alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ "$alive" == 0 ]] && break; sleep 1
  done
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

GATEWAY_APP="${BENCH_GATEWAY_APP:-$ROOT/gateway/target/quarkus-app}"
if [[ ! -f "$GATEWAY_APP/quarkus-run.jar" && -z "${BENCH_GATEWAY_APP:-}" ]]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl gateway -am package -DskipTests)
fi
cp -r "$GATEWAY_APP" "$WORK/gateway-app"   # a private copy: a rebuild meanwhile cannot swap it mid-run
JAR="$WORK/gateway-app/quarkus-run.jar"
LIB="$WORK/gateway-app/lib/main"
CP="$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.netty.*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')"

wait_for() { # url log
  for _ in $(seq 1 360); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "bench: $1 never answered; end of its log:"; tail -30 "$2"; exit 1
}

echo "==> backend stub on :$BACKEND_PORT"
java -Xmx256m -cp "$CP" "$HERE/BenchBackend.java" "$BACKEND_PORT" >"$WORK/backend.log" 2>&1 &
PIDS+=($!)

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.pem" 2>/dev/null
export FLOOD_PASSWORD="flood-$(openssl rand -hex 12)"
start_gateway() { # port log clean-at-start [env...]
  local port=$1 log=$2 clean=$3; shift 3
  ( cd "$WORK" && exec env PORT="$port" JWT_PRIVATE_KEY_LOCATION="$WORK/jwt.pem" \
    DB_NAME="$DB_NAME_BENCH" QUARKUS_FLYWAY_CLEAN_DISABLED=false QUARKUS_FLYWAY_CLEAN_AT_START="$clean" \
    REDIS_URL="$REDIS_URL_BENCH" BOOTSTRAP_ADMIN_PASSWORD="$FLOOD_PASSWORD" BCRYPT_COST=12 \
    QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=60S \
    REGISTRATION_URL="http://127.0.0.1:$BACKEND_PORT" RATE_LIMIT_ANONYMOUS=1000000000 TRUSTED_PROXIES=127.0.0.1 \
    "$@" java -Xms256m -Xmx512m -jar "$JAR" >"$log" 2>&1 ) &
  PIDS+=($!)
}
echo "==> protected gateway on :$PROTECTED_PORT, unprotected on :$UNPROTECTED_PORT"
start_gateway "$PROTECTED_PORT" "$WORK/protected.log" true
wait_for "http://127.0.0.1:$PROTECTED_PORT/q/health/ready" "$WORK/protected.log"
# started after the first so the two Flyway runs on the shared database do not race; same admin account
start_gateway "$UNPROTECTED_PORT" "$WORK/unprotected.log" false \
  GATEWAY_LOGIN_PER_ADDRESS_PER_WINDOW=1000000000 GATEWAY_LOGIN_HASH_CONCURRENCY=1024 GATEWAY_LOGIN_HASH_WAIT=PT60S
wait_for "http://127.0.0.1:$UNPROTECTED_PORT/q/health/ready" "$WORK/unprotected.log"
# the first calls of a cold JVM on a loaded machine may be late: a few tries each
for port in $PROTECTED_PORT $UNPROTECTED_PORT; do
  for try in 1 2 3 4 5 6; do
    login=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$FLOOD_PASSWORD\"}" "http://127.0.0.1:$port/api/auth/login")
    verify=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -d '{"qrPayload":"x"}' "http://127.0.0.1:$port/api/plates/verify")
    [[ "$login" == 200 && "$verify" == 200 ]] && break
    echo "bench: :$port answered login $login, plate verify $verify (try $try)"
    [[ "$try" == 6 ]] && exit 1
    sleep 2
  done
done

flush_limits() { # the login budget's counters: each run starts with a fresh minute
  redis-cli -u "$REDIS_URL_BENCH" --scan --pattern 'gateway:*' 2>/dev/null | xargs -r redis-cli -u "$REDIS_URL_BENCH" del >/dev/null 2>&1 || true
}
verify() { # port seconds → "rps=… p50_us=… …"
  wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency -s "$HERE/verify.lua" "http://127.0.0.1:$1/api/plates/verify" \
    | awk '/^RESULT/ { sub(/^RESULT /, ""); print }'
}
measure() { # name port flood(none|one|many)
  flush_limits
  local flood_out="" v
  if [[ "$3" != none ]]; then
    FLOOD_MANY=$([[ "$3" == many ]] && echo 1 || echo 0) \
      wrk -t2 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 4))"s -s "$HERE/login.lua" \
      "http://127.0.0.1:$2/api/auth/login" >"$WORK/flood.out" 2>&1 &
    local flood_pid=$!
    sleep 2   # the flood is running (and hashing) before the plate checks start
    v="$(verify "$2" "$DURATION")"
    wait "$flood_pid" || true
    flood_out="$(awk '/^FLOOD/ { sub(/^FLOOD /, ""); print }' "$WORK/flood.out")"
  else
    v="$(verify "$2" "$DURATION")"
  fi
  echo "$1 flood=$3 $v $flood_out"
}

echo "==> warm-up (JIT) 10 s each"
for t in "protected $PROTECTED_PORT" "unprotected $UNPROTECTED_PORT"; do
  set -- $t; verify "$2" 10 >/dev/null
done

RESULTS="$WORK/results.txt"
echo "==> $ROUNDS rounds x ${DURATION}s: plate verify with $CONNECTIONS connections; floods with $FLOOD_CONNECTIONS"
for r in $(seq 1 "$ROUNDS"); do
  for flood in none one many; do
    for t in "protected $PROTECTED_PORT" "unprotected $UNPROTECTED_PORT"; do
      set -- $t; measure "$1" "$2" "$flood" | sed "s/^/round=$r /" | tee -a "$RESULTS"
    done
  done
done

echo "==> medians over the rounds"
awk '
  function val(s,   a) { split(s, a, "="); return a[2] }
  { name=$2; flood=val($3); key=name" "flood; n[key]++; R[key, n[key]]=val($4); P[key, n[key]]=val($7)
    ok=""; for (i = 5; i <= NF; i++) if ($i ~ /^logins_ok_per_s=/) ok=val($i)
    L[key, n[key]]=ok }
  function median(arr, key, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = arr[key, i]
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((cnt + 1) / 2)]
  }
  END {
    for (k in n) { mr[k] = median(R, k, n[k]); mp[k] = median(P, k, n[k]); ml[k] = median(L, k, n[k]) }
    for (g = 1; g <= 2; g++) {
      name = (g == 1) ? "protected" : "unprotected"
      for (f = 1; f <= 3; f++) {
        flood = (f == 1) ? "none" : (f == 2) ? "one" : "many"; k = name" "flood
        printf "%-11s flood=%-4s verify rps=%8.0f p99=%8.1f ms  logins ok/s=%s\n", name, flood, mr[k], mp[k] / 1000,
          (flood == "none") ? "-" : ml[k]
      }
    }
    for (g = 1; g <= 2; g++) {
      name = (g == 1) ? "protected" : "unprotected"
      printf "%s: verify throughput under a flood / without: one address %.2f, many addresses %.2f\n", name,
        mr[name" one"] / mr[name" none"], mr[name" many"] / mr[name" none"]
    }
  }' "$RESULTS"
echo "(machine: $(nproc) cores; load average at the start: $LOAD_BEFORE; at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
