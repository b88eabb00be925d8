#!/usr/bin/env bash
# The regulators' figures at a district's scale, measured THROUGH THE GATEWAY (issue 13): starts the four real
# services on free ports with fresh databases (the system tests' harness, databases ebike_st_*${EBIKE_TEST_NS}),
# loads 180,000 filed bikes (100,000 plated), 100,000 trade-ins over 300 dealers in 5 districts and 100,000
# subsidies (5 campaigns) by SQL, VACUUM ANALYZE, then asks every figure endpoint BENCH_REQUESTS times (default
# 100) one after the other as a regulator: with Cache-Control: no-cache (composed from the services' queries each
# time) and through the gateway's figures cache. p50/p95/max per endpoint go to the console and to
# system-tests/target/figures-bench/results.md, the PostgreSQL plans of the services' queries to plans.txt there.
#   gateway/bench/figures-queries.sh
#   BENCH_BEFORE=/tmp/before gateway/bench/figures-queries.sh   # first the jars under /tmp/before/<module>/target/
#                                   quarkus-app (e.g. copied from a build of main), then this checkout's, in one run
# Needs what ./suite test needs (PostgreSQL, Redis; DB_HOST/DB_USER/DB_PASSWORD, EBIKE_TEST_NS, EBIKE_TEST_REDIS).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp verify -pl system-tests -am -Dtest='cn.ebike.systemtests.bench.FiguresBench' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.requests="${BENCH_REQUESTS:-100}" \
  -Dbench.before="${BENCH_BEFORE:-}"
echo
cat system-tests/target/figures-bench/results.md
