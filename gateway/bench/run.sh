#!/usr/bin/env bash
# Plate verify (POST /api/plates/verify) in ONE run: direct to a backend, through the gateway, and
# through nginx proxy_pass to the same backend; interleaved rounds so machine noise hits all three.
#
# Needs: wrk and nginx (Debian: apt-get install -y wrk nginx), a JDK 17, openssl, PostgreSQL and
# Redis as for the tests (./suite db prepares them), and a built gateway
# (./mvnw -B -ntp -pl gateway package -DskipTests; this script builds it when the jar is missing).
# The gateway runs against its TEST database (ebike_gateway_test${EBIKE_TEST_NS}, cleaned at start, as
# the tests do) and Redis database 2 of ${EBIKE_TEST_REDIS:-127.0.0.1:6379}: do not run it while this
# checkout's gateway tests run. BENCH_DB_NAME / BENCH_REDIS_URL override both.
# Ports: BENCH_PORT_BASE (default 18080): gateway +0, backend +11, nginx +12, second gateway +20.
# The backend is bench/BenchBackend.java, a tiny Vert.x stand-in for registration-service (the real
# service's plate check also verifies an Ed25519 signature and reads PostgreSQL; the stub does
# neither, which makes the proxies' share of the cost look as large as it can).
#
# BENCH_BACKEND=registration uses the real registration-service instead (its jar must be built:
# ./mvnw -B -ntp -pl registration-service package -DskipTests). It runs on a scratch schema
# "regbench" inside the gateway's test database (dropped at the end) with scratch keys, and the scan
# sent is a correctly signed QR payload of a plate it does not know: Ed25519 check + database look-up
# → {"valid":false,"reason":"UNKNOWN_PLATE"}.
#
# BENCH_GATEWAY_APP=<a quarkus-app directory> benchmarks another gateway build; default
# gateway/target/quarkus-app. BENCH_BASELINE_APP=<a quarkus-app directory> adds a fourth target,
# "baseline": that build (e.g. a copy of the gateway before a change) on its own port, interleaved
# with the others, so before and after are measured in the same run under the same noise.
# BENCH_GATEWAY_JAVA_OPTS adds JVM options to the gateway (e.g. -XX:StartFlightRecording=...),
# BENCH_BASELINE_JAVA_OPTS to the baseline (so one build can be compared with itself under other options:
# BENCH_BASELINE_APP=gateway/target/quarkus-app BENCH_BASELINE_JAVA_OPTS=-XX:...).
#
# Besides req/s and latency, each run reports the CPU time the proxy process used per request
# (from /proc/<pid>/stat: the gateway's JVM, or nginx's master and workers), and the backend's, which
# is steadier than throughput on a shared machine. For a JVM proxy the JIT compiler threads' share of its CPU is
# printed too (proxy_jit_us; "JIT" in the medians): against a slow backend a time-based warm-up leaves the JIT
# unfinished, so read the rest, or warm up longer: BENCH_WARMUP=<seconds per target> (default 15). The JIT's
# compilations in each window are counted too (jstat -compiler, read from the JVM's perf data without
# attaching): proxy_compiles_per_s, "compiles/s" in the medians.
#
#   gateway/bench/run.sh [SECONDS_PER_RUN] [ROUNDS] [CONNECTIONS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${1:-15}"
ROUNDS="${2:-3}"
CONNECTIONS="${3:-32}"
PORT_BASE="${BENCH_PORT_BASE:-18080}"
BACKEND_PORT=$((PORT_BASE + 11)) GATEWAY_PORT=$PORT_BASE NGINX_PORT=$((PORT_BASE + 12))
DB_NAME_BENCH="${BENCH_DB_NAME:-ebike_gateway_test${EBIKE_TEST_NS:-}}"
REDIS_URL_BENCH="${BENCH_REDIS_URL:-redis://${EBIKE_TEST_REDIS:-127.0.0.1:6379}/2}"
for tool in wrk nginx java openssl curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk nginx openssl curl)"; exit 1; }
done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d /tmp/gateway-bench.XXXXXX)"
PIDS=()
DROP_SCHEMA=0
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  # a JVM that has not stopped 15 s after SIGTERM is killed: a benchmark must not leave load behind
  for _ in $(seq 1 15); do
    alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ "$alive" == 0 ]] && break; sleep 1
  done
  for p in "${PIDS[@]}"; do
    kill -0 "$p" 2>/dev/null && echo "bench: process $p did not stop within 15 s of SIGTERM; killed" >&2
    kill -9 "$p" 2>/dev/null || true
  done
  if [[ "$DROP_SCHEMA" == 1 ]]; then
    sleep 1
    psql -X -q -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USER:-ebike}" -d "$DB_NAME_BENCH" \
      -c 'DROP SCHEMA IF EXISTS regbench CASCADE' >/dev/null 2>&1 || true
  fi
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

GATEWAY_APP="${BENCH_GATEWAY_APP:-$ROOT/gateway/target/quarkus-app}"
if [[ ! -f "$GATEWAY_APP/quarkus-run.jar" && -z "${BENCH_GATEWAY_APP:-}" ]]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl gateway package -DskipTests)
fi
cp -r "$GATEWAY_APP" "$WORK/gateway-app"   # a private copy: a rebuild meanwhile cannot swap it mid-run
JAR="$WORK/gateway-app/quarkus-run.jar"
LIB="$WORK/gateway-app/lib/main"
CP="$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.netty.*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')"

wait_for() {
  for _ in $(seq 1 360); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "bench: $1 never answered; end of the gateway log:"; tail -30 "$WORK/gateway.log"; exit 1
}

BACKEND="${BENCH_BACKEND:-stub}"
export VERIFY_BODY='{"qrPayload":"EB1.eyJwbGF0ZSI6IuadrUExMjM0NSIsInYiOiI3ZjFjMmE5ZSJ9.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmU"}'
if [[ "$BACKEND" == registration ]]; then
  REG_APP="$ROOT/registration-service/target/quarkus-app"
  [[ -f "$REG_APP/quarkus-run.jar" ]] || { echo "bench: build registration-service first (see the header)"; exit 1; }
  cp -r "$REG_APP" "$WORK/registration-app"   # a private copy: a rebuild elsewhere cannot swap it mid-run
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/reg-jwt.pem" 2>/dev/null
  openssl pkey -in "$WORK/reg-jwt.pem" -pubout -out "$WORK/reg-jwt-public.pem"
  openssl genpkey -algorithm ed25519 -out "$WORK/plate-private.pem"
  openssl pkey -in "$WORK/plate-private.pem" -pubout -out "$WORK/plate-public.pem"
  b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
  SIGNED="EB1.$(printf '%s' '浙A00001|RC-BENCH-0001|20260601' | b64url)"
  printf '%s' "$SIGNED" >"$WORK/signed.txt"   # Ed25519 signs in one shot: from a file, not a pipe
  SIG="$(openssl pkeyutl -sign -inkey "$WORK/plate-private.pem" -rawin -in "$WORK/signed.txt" | b64url)"
  export VERIFY_BODY="{\"qrPayload\":\"$SIGNED.$SIG\"}"
  echo "==> registration-service on :$BACKEND_PORT (scratch schema regbench in $DB_NAME_BENCH)"
  ( cd "$WORK" && PORT=$BACKEND_PORT DB_NAME="$DB_NAME_BENCH?currentSchema=regbench" \
    QUARKUS_FLYWAY_SCHEMAS=regbench QUARKUS_FLYWAY_DEFAULT_SCHEMA=regbench \
    QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA=regbench \
    JWT_PUBLIC_KEY_LOCATION="$WORK/reg-jwt-public.pem" \
    PLATE_SIGNING_PRIVATE_KEY_LOCATION="$WORK/plate-private.pem" PLATE_SIGNING_PUBLIC_KEY_LOCATION="$WORK/plate-public.pem" \
    PII_ENCRYPTION_KEY="$(openssl rand -base64 32)" PII_HMAC_KEY="$(openssl rand -base64 32)" \
    exec java -Xms256m -Xmx512m -jar "$WORK/registration-app/quarkus-run.jar" >"$WORK/backend.log" 2>&1 ) &
  PIDS+=($!); BACKEND_PID=$!
  DROP_SCHEMA=1
else
  echo "==> backend stub on :$BACKEND_PORT"
  java -Xmx256m -cp "$CP" "$HERE/BenchBackend.java" "$BACKEND_PORT" >"$WORK/backend.log" 2>&1 &
  PIDS+=($!); BACKEND_PID=$!
fi

echo "==> nginx (proxy_pass, upstream keep-alive) on :$NGINX_PORT"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  upstream registration { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    client_max_body_size 1m;
    location /api/ {
      proxy_pass http://registration;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK"

echo "==> gateway on :$GATEWAY_PORT (anonymous rate limit raised for the run; still counted in Redis)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.pem" 2>/dev/null
start_gateway() { # port jar log [extra java opts]
  ( cd "$WORK" && PORT=$1 JWT_PRIVATE_KEY_LOCATION="$WORK/jwt.pem" \
    DB_NAME="$DB_NAME_BENCH" QUARKUS_FLYWAY_CLEAN_DISABLED=false QUARKUS_FLYWAY_CLEAN_AT_START=true \
    REDIS_URL="$REDIS_URL_BENCH" \
    BOOTSTRAP_ADMIN_PASSWORD="$(openssl rand -hex 16)" \
    REGISTRATION_URL="http://127.0.0.1:$BACKEND_PORT" RATE_LIMIT_ANONYMOUS=1000000000 \
    exec java -Xms256m -Xmx512m ${4:-} -jar "$2" >"$3" 2>&1 ) &
}
start_gateway "$GATEWAY_PORT" "$JAR" "$WORK/gateway.log" "${BENCH_GATEWAY_JAVA_OPTS:-}"
PIDS+=($!); GATEWAY_PID=$!
TARGETS=("direct $BACKEND_PORT" "gateway $GATEWAY_PORT" "nginx $NGINX_PORT")
BASELINE_PORT=$((PORT_BASE + 20)) BASELINE_PID=""
wait_for "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"
if [[ -n "${BENCH_BASELINE_APP:-}" ]]; then
  echo "==> baseline gateway ($BENCH_BASELINE_APP) on :$BASELINE_PORT"
  cp -r "$BENCH_BASELINE_APP" "$WORK/baseline-app"
  # started after the first so the two Flyway runs on the shared database do not race
  start_gateway "$BASELINE_PORT" "$WORK/baseline-app/quarkus-run.jar" "$WORK/baseline.log" "${BENCH_BASELINE_JAVA_OPTS:-}"
  PIDS+=($!); BASELINE_PID=$!
  TARGETS+=("baseline $BASELINE_PORT")
  wait_for "http://127.0.0.1:$BASELINE_PORT/q/health/ready"
fi
if [[ "$BACKEND" == registration ]]; then
  wait_for "http://127.0.0.1:$BACKEND_PORT/q/health/ready"
fi
for port in $BACKEND_PORT $NGINX_PORT $GATEWAY_PORT ${BASELINE_PID:+$BASELINE_PORT}; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "$VERIFY_BODY" "http://127.0.0.1:$port/api/plates/verify")
  [[ "$code" == 200 ]] || { echo "bench: :$port answered $code"; tail -20 "$WORK/gateway.log"; exit 1; }
done

ticks() { # CPU clock ticks (user + system) used so far by the given processes
  local sum=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] && sum=$(( sum + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat") ))
  done
  echo "$sum"
}
jit_ticks() { # of those, the ticks of the JVMs' JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…")
  local p
  for p in "$@"; do
    cat /proc/"$p"/task/*/stat 2>/dev/null
  done | awk '/\(C[12] CompilerThre/ { sub(/^.*\) /, ""); n += $12 + $13 } END { print n + 0 }'
}
compiles() { # methods compiled so far by the JIT of the given JVMs (0 for anything else)
  local p n=0 c
  for p in "$@"; do
    c="$(jstat -compiler "$p" 2>/dev/null | awk 'NR == 2 { print $1 }')"
    [[ "$c" =~ ^[0-9]+$ ]] && n=$((n + c))
  done
  echo "$n"
}
proxy_pids() { # the process(es) doing the proxying for a target
  case "$1" in
    gateway) echo "$GATEWAY_PID" ;;
    baseline) echo "$BASELINE_PID" ;;
    nginx) local master; master="$(cat "$WORK/nginx.pid")"; echo "$master" $(ps -o pid= --ppid "$master") ;;
    *) echo "" ;;
  esac
}
HZ="$(getconf CLK_TCK)"
run() { # name port connections seconds
  local pids before_p before_b before_j before_c out
  pids="$(proxy_pids "$1")"
  before_p="$(ticks $pids)"; before_b="$(ticks "$BACKEND_PID")"; before_j="$(jit_ticks $pids)"
  before_c=0; [[ "$1" == gateway || "$1" == baseline ]] && before_c="$(compiles $pids)"
  out="$(wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"$4"s --latency -s "$HERE/verify.lua" "http://127.0.0.1:$2/api/plates/verify" \
    | awk '/^RESULT/ { sub(/^RESULT /, ""); print }')"
  local dp=$(( $(ticks $pids) - before_p )) db=$(( $(ticks "$BACKEND_PID") - before_b ))
  local dj=$(( $(jit_ticks $pids) - before_j )) dc=0
  [[ "$1" == gateway || "$1" == baseline ]] && dc=$(( $(compiles $pids) - before_c ))
  awk -v n="$1" -v out="$out" -v dp="$dp" -v db="$db" -v dj="$dj" -v dc="$dc" -v secs="$4" -v hz="$HZ" 'BEGIN {
    split(out, f, " "); for (i in f) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
    req = v["requests"] > 0 ? v["requests"] : 1
    printf "%s %s proxy_cpu_us=%.1f backend_cpu_us=%.1f proxy_jit_us=%.1f proxy_compiles_per_s=%.1f\n", n, out,
      dp * 1e6 / hz / req, db * 1e6 / hz / req, dj * 1e6 / hz / req, dc / secs }'
}

WARMUP="${BENCH_WARMUP:-15}"
echo "==> warm-up (JIT) $WARMUP s each"
for t in "${TARGETS[@]}"; do
  set -- $t; run "$1" "$2" "$CONNECTIONS" "$WARMUP" >/dev/null
done

RESULTS="$WORK/results.txt"
echo "==> throughput: $ROUNDS rounds x ${DURATION}s, $CONNECTIONS connections, 2 wrk threads"
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    set -- $t; run "$1" "$2" "$CONNECTIONS" "$DURATION" | sed "s/^/load round=$r /" | tee -a "$RESULTS"
  done
done
echo "==> latency: one connection, $ROUNDS rounds x ${DURATION}s"
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    set -- $t; run "$1" "$2" 1 "$DURATION" | sed "s/^/single round=$r /" | tee -a "$RESULTS"
  done
done

echo "==> backend: $BACKEND; answer to the scan: $(curl -s -X POST -H 'Content-Type: application/json' -d "$VERIFY_BODY" "http://127.0.0.1:$BACKEND_PORT/api/plates/verify")"
echo "==> medians over the rounds"
awk '
  function val(s, k,   a) { split(s, a, "="); return a[2] }
  { mode=$1; name=$3; rps=val($4); p50=val($5); p99=val($7); pc=val($11); bc=val($12); jc=val($13); cc=val($14);
    key=mode" "name; n[key]++; R[key, n[key]]=rps; P[key, n[key]]=p50; Q[key, n[key]]=p99
    PC[key, n[key]]=pc; BC[key, n[key]]=bc; JC[key, n[key]]=jc; XC[key, n[key]]=pc - jc; CC[key, n[key]]=cc }
  function median(arr, key, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = arr[key, i]
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((cnt + 1) / 2)]
  }
  END {
    for (k in n) { mr[k] = median(R, k, n[k]); mp[k] = median(P, k, n[k]); mq[k] = median(Q, k, n[k])
                   mpc[k] = median(PC, k, n[k]); mbc[k] = median(BC, k, n[k])
                   mjc[k] = median(JC, k, n[k]); mxc[k] = median(XC, k, n[k]); mcc[k] = median(CC, k, n[k]) }
    for (m = 1; m <= 2; m++) {
      mode = (m == 1) ? "load" : "single"
      for (t = 1; t <= 4; t++) {
        name = (t == 1) ? "direct" : (t == 2) ? "gateway" : (t == 3) ? "nginx" : "baseline"; k = mode" "name
        if (!(k in n)) continue
        printf "%-6s %-7s rps=%9.0f p50=%7.3f ms p99=%7.3f ms  proxy CPU/req=%6.1f us (JIT %6.1f, rest %6.1f)  backend CPU/req=%6.1f us  compiles/s=%5.1f\n",
          mode, name, mr[k], mp[k] / 1000, mq[k] / 1000, mpc[k], mjc[k], mxc[k], mbc[k], mcc[k]
      }
    }
    printf "throughput gateway/direct = %.2f  (goal >= 0.5)\n", mr["load gateway"] / mr["load direct"]
    printf "throughput gateway/nginx  = %.2f  (goal >= 0.9 with the real service)\n", mr["load gateway"] / mr["load nginx"]
    printf "proxy CPU per request gateway/nginx = %.2f (load), %.2f (1 connection)  (goal <= 2 with the stub)\n",
      mpc["load gateway"] / mpc["load nginx"], mpc["single gateway"] / mpc["single nginx"]
    printf "  without the JIT compiler threads: %.2f (load), %.2f (1 connection)\n",
      mxc["load gateway"] / mpc["load nginx"], mxc["single gateway"] / mpc["single nginx"]
    printf "p50 added by gateway (1 connection) = %.3f ms  (goal <= 0.5 ms); by nginx = %.3f ms\n",
      (mp["single gateway"] - mp["single direct"]) / 1000, (mp["single nginx"] - mp["single direct"]) / 1000
    if ("load baseline" in n) {
      printf "baseline (before): throughput/nginx = %.2f, proxy CPU/req %.1f us vs %.1f us now (load); p50 added %.3f ms (1 connection)\n",
        mr["load baseline"] / mr["load nginx"], mpc["load baseline"], mpc["load gateway"],
        (mp["single baseline"] - mp["single direct"]) / 1000
    }
    printf "p50 added by gateway under load (%s connections) = %.3f ms\n", "'"$CONNECTIONS"'",
      (mp["load gateway"] - mp["load direct"]) / 1000
  }' "$RESULTS"
echo "(machine: $(nproc) cores; load average at the start: $LOAD_BEFORE; at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
