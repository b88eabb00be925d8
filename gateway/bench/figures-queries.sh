#!/usr/bin/env bash
# Regulators' figures at the district's scale: 180,000 filed bikes (+ plates), 100,000 trade-ins over 300 dealers
# in 5 districts, 100,000 grants; then each service's figure query, timed in PostgreSQL (EXPLAIN ANALYZE, 5 runs,
# the slowest kept). Runs against three databases that already carry the services' schemas (Flyway) — e.g. the
# module test databases after a test run — and adds rows marked 'bench' that it removes again at the end.
#   gateway/bench/figures-queries.sh ebike_registration_test_figures ebike_tradein_test_figures ebike_subsidy_test_figures
# Needs psql and DB_HOST/DB_USER/DB_PASSWORD (or PGPASSWORD); default host 127.0.0.1, user ebike.
set -euo pipefail
REG=${1:?registration database}; TRD=${2:?tradein database}; SUB=${3:?subsidy database}
export PGHOST=${DB_HOST:-127.0.0.1} PGUSER=${DB_USER:-ebike} PGPASSWORD=${PGPASSWORD:-${DB_PASSWORD:-}}
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
t() { # db, label, sql: slowest of 5 runs' execution time
  local best=0 ms
  for _ in 1 2 3 4 5; do
    ms=$(psql -X -qAt -d "$1" -c "EXPLAIN (ANALYZE, FORMAT JSON) $3" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])')
    best=$(python3 -c "print(max($best, $ms))")
  done
  printf '%-58s %8.1f ms\n' "$2" "$best"
}

echo "loading…"
q "$REG" "INSERT INTO owners (id, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash, created_at, created_by)
  VALUES ('00000000-0000-7000-8000-0000000b0001', '\x00', '\x00', decode(repeat('ab', 32), 'hex'), '\x00', decode(repeat('cd', 32), 'hex'), now(), 'bench')
  ON CONFLICT DO NOTHING"
q "$REG" "INSERT INTO vehicles (id, registration_code, frame_number, motor_number, brand, model, category, battery_type,
  owner_id, status, registered_at, registered_by, filed_at, district, scrapped_at, scrap_reference)
  SELECT gen_random_uuid(), 'BENCH' || g, 'BN' || lpad(g::text, 15, '0'), 'M' || g, 'b', 'm', 'NON_STANDARD_FILED', 'LEAD_ACID',
    '00000000-0000-7000-8000-0000000b0001', CASE WHEN g % 3 = 0 THEN 'SCRAPPED' ELSE 'REGISTERED' END, now(), 'bench',
    now() - interval '400 days', (ARRAY['上城区','西湖区','拱墅区','滨江区','萧山区'])[1 + g % 5],
    CASE WHEN g % 3 = 0 THEN now() - (g % 90) * interval '1 day' END, CASE WHEN g % 3 = 0 THEN 'bench' || g END
  FROM generate_series(1, 180000) g"
q "$REG" "INSERT INTO plates (id, plate_number, vehicle_id, status, issued_at, issued_by)
  SELECT gen_random_uuid(), 'B' || row_number() OVER (), id, 'ACTIVE', now() - (random() * 90) * interval '1 day', 'bench'
  FROM vehicles WHERE registered_by = 'bench' AND status = 'REGISTERED' LIMIT 100000"
q "$TRD" "INSERT INTO dealers (id, name, uscc, address, district, contact_phone, created_at, contact_phone_masked)
  SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench' || g, '91330100BENCH' || lpad(g::text, 5, '0'),
    'a', (ARRAY['上城区','西湖区','拱墅区','滨江区','萧山区'])[1 + g % 5], '13800000000', now(), '138****0000'
  FROM generate_series(1, 300) g"
q "$TRD" "INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, new_vehicle_id, status, opened_at, recycled_at,
  recycling_receipt_no, battery_returned, completed_at, cancelled_at, cancellation_reason)
  SELECT gen_random_uuid(), ('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 300), 12, '0'))::uuid, gen_random_uuid(), gen_random_uuid(),
    CASE WHEN g % 10 < 8 THEN gen_random_uuid() END,
    CASE WHEN g % 10 < 8 THEN 'COMPLETED' WHEN g % 10 = 8 THEN 'OPEN' ELSE 'CANCELLED' END,
    now() - (g % 90) * interval '1 day' - interval '30 hours',
    CASE WHEN g % 10 < 8 THEN now() - (g % 90) * interval '1 day' - interval '20 hours' END,
    CASE WHEN g % 10 < 8 THEN 'BENCH' || g END, CASE WHEN g % 10 < 8 THEN true END,
    CASE WHEN g % 10 < 8 THEN now() - (g % 90) * interval '1 day' END,
    CASE WHEN g % 10 = 9 THEN now() END, CASE WHEN g % 10 = 9 THEN 'bench' END
  FROM generate_series(1, 100000) g"
echo "analyse…"; q "$REG" "ANALYZE vehicles; ANALYZE plates"; q "$TRD" "ANALYZE dealers; ANALYZE trade_ins"

echo "query (slowest of 5)                                        execution"
t "$REG" "registration: completion by district"   "SELECT district, count(*) FILTER (WHERE filed_at < '9999-01-01'), count(*) FILTER (WHERE status = 'SCRAPPED' AND scrapped_at >= '1900-01-01' AND scrapped_at < '9999-01-01') FROM vehicles WHERE category = 'NON_STANDARD_FILED' GROUP BY district"
t "$REG" "registration: plates issued per day, 30 days" "SELECT date_trunc('day', issued_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' b, count(*) FROM plates WHERE true AND issued_at >= now() - interval '30 days' AND issued_at < now() GROUP BY b"
t "$REG" "registration: plates per day in one district" "SELECT date_trunc('day', p.issued_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' b, count(*) FROM plates p JOIN vehicles v ON v.id = p.vehicle_id WHERE p.issued_at >= now() - interval '30 days' AND p.issued_at < now() AND v.district = '西湖区' GROUP BY b"
t "$TRD" "tradein: dealer table (300 dealers)" "SELECT d.id, count(t.id), count(t.id) FILTER (WHERE t.status = 'OPEN'), count(t.id) FILTER (WHERE t.status = 'COMPLETED'), count(t.id) FILTER (WHERE t.status = 'CANCELLED'), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.opened_at) / 3600.0) FILTER (WHERE t.status = 'COMPLETED') FROM dealers d LEFT JOIN trade_ins t ON t.dealer_id = d.id AND t.opened_at >= '1900-01-01' AND t.opened_at < '9999-01-01' GROUP BY d.id"
t "$TRD" "tradein: completed per day, 30 days, one district" "SELECT date_trunc('day', t.completed_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' b, count(*) FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id AND d.district = '西湖区' WHERE t.completed_at >= now() - interval '30 days' AND t.completed_at < now() GROUP BY b"
t "$TRD" "tradein: funnel" "SELECT count(*), count(*) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), count(*) FILTER (WHERE t.new_vehicle_id IS NOT NULL AND t.status <> 'CANCELLED'), count(*) FILTER (WHERE t.status = 'COMPLETED') FROM trade_ins t"

echo "cleaning up…"
q "$TRD" "DELETE FROM trade_ins WHERE recycling_receipt_no LIKE 'BENCH%' OR cancellation_reason = 'bench' OR (status = 'OPEN' AND dealer_id IN (SELECT id FROM dealers WHERE name LIKE 'bench%')); DELETE FROM dealers WHERE name LIKE 'bench%'"
q "$REG" "DELETE FROM plates WHERE issued_by = 'bench'; DELETE FROM vehicles WHERE registered_by = 'bench'; DELETE FROM owners WHERE created_by = 'bench'"
