#!/usr/bin/env bash
# Regenerates the "old dump" fixtures: databases written by the build that still had the three field-encryption
# formats older than common's FieldCipher, through that build's own HTTP APIs, dumped as plain SQL into
#   registration-service/src/test/resources/old-dump/registration.sql.gz   (owners: name, ID number, phone; format 1)
#   tradein-service/src/test/resources/old-dump/tradein.sql.gz             (dealers' contact phones; "v1.<base64>")
#   subsidy-service/src/test/resources/old-dump/subsidy.sql.gz             (wallet ids; iv || ciphertext+tag)
# Each module's OldDumpResealingTest restores its dump into a fresh database, starts today's service on it
# (Flyway migrates it forward) and checks that the re-sealing moves every value to the versioned format.
#
#   system-tests/old-dump/regenerate-old-dump.sh          (from the repository root; takes a few minutes)
#
# Environment (optional): OLD_COMMIT (default 85b5473, the first parent of the platform merge 8ed0085: main just
# before common's FieldCipher), OLD_TREE (an existing checkout of OLD_COMMIT to build in; default: a temporary
# detached worktree, removed at the end), OLD_DB_PREFIX (default ebike_old_dump: the databases
# <prefix>_registration, _tradein, _subsidy are dropped and re-created), OLD_PORT_BASE (default 19180: the old
# services listen on +1, +2, +3), OLD_REDIS (default 127.0.0.1:6379/15), DB_HOST, DB_PORT, DB_USER.
#
# The field-encryption keys are the test-only keys in each module's src/test/resources/old-dump/test-only-keys.env
# (never used outside the tests); the JWT and plate-signing keys are generated for the run and thrown away.
# The plaintexts written are kept next to each dump as expected.tsv; the tests assert them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OLD_COMMIT="${OLD_COMMIT:-85b5473}"
OLD_DB_PREFIX="${OLD_DB_PREFIX:-ebike_old_dump}"
OLD_PORT_BASE="${OLD_PORT_BASE:-19180}"
OLD_REDIS="${OLD_REDIS:-127.0.0.1:6379/15}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-ebike}"
export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -z "${OLD_TREE_GIVEN:-}" && -d "$WORK/old" ]]; then git -C "$ROOT" worktree remove --force "$WORK/old" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -n "${OLD_TREE:-}" ]]; then
  OLD_TREE_GIVEN=1
else
  OLD_TREE="$WORK/old"
  git -C "$ROOT" worktree add --detach "$OLD_TREE" "$OLD_COMMIT" >/dev/null
fi
OLD_REV="$(git -C "$OLD_TREE" rev-parse --short HEAD)"
echo "==> building registration, tradein and subsidy at $OLD_REV"
if ! ls "$OLD_TREE"/{registration,tradein,subsidy}-service/target/quarkus-app/quarkus-run.jar >/dev/null 2>&1; then
  (cd "$OLD_TREE" && ./mvnw -B -ntp -q package -DskipTests -pl registration-service,tradein-service,subsidy-service -am)
fi

echo "==> keys for the run"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem"
openssl genpkey -algorithm ed25519 -out "$WORK/plate-private.pem"
openssl pkey -in "$WORK/plate-private.pem" -pubout -out "$WORK/plate-public.pem"
keys() { grep -v '^#' "$ROOT/$1/src/test/resources/old-dump/test-only-keys.env"; }

declare -A PORT=([registration]=$((OLD_PORT_BASE + 1)) [tradein]=$((OLD_PORT_BASE + 2)) [subsidy]=$((OLD_PORT_BASE + 3)))
for svc in registration tradein subsidy; do
  db="${OLD_DB_PREFIX}_$svc"
  psql -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done

start() { # service, then extra environment
  local svc="$1"; shift
  echo "==> starting the old $svc-service on ${PORT[$svc]}"
  env PORT="${PORT[$svc]}" DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER" DB_NAME="${OLD_DB_PREFIX}_$svc" \
      JWT_PUBLIC_KEY_LOCATION="$WORK/jwt-public.pem" REDIS_URL="redis://$OLD_REDIS" \
      REGISTRATION_URL="http://127.0.0.1:${PORT[registration]}" TRADEIN_URL="http://127.0.0.1:${PORT[tradein]}" \
      SUBSIDY_URL="http://127.0.0.1:${PORT[subsidy]}" SERVICE_TOKEN_URL="http://127.0.0.1:1/none" \
      TRADEIN_CLIENT_SECRET=unused-old-dump SUBSIDY_CLIENT_SECRET=unused-old-dump PAYOUT_WORKER_ENABLED=false \
      $(keys "$svc-service") "$@" \
      java -Xmx256m -jar "$OLD_TREE/$svc-service/target/quarkus-app/quarkus-run.jar" > "$WORK/$svc.log" 2>&1 &
  PIDS+=($!)
}
start registration PLATE_SIGNING_PRIVATE_KEY_LOCATION="$WORK/plate-private.pem" PLATE_SIGNING_PUBLIC_KEY_LOCATION="$WORK/plate-public.pem"
start tradein
start subsidy
for svc in registration tradein subsidy; do
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:${PORT[$svc]}/q/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:${PORT[$svc]}/q/health/ready" >/dev/null || { tail -50 "$WORK/$svc.log"; echo "the old $svc-service did not start" >&2; exit 1; }
done

echo "==> writing rows through the old APIs"
WORK="$WORK" PORTS="${PORT[registration]},${PORT[tradein]},${PORT[subsidy]}" \
  python3 "$ROOT/system-tests/old-dump/write-old-rows.py" > "$WORK/written.txt"
cat "$WORK/written.txt"
{ echo "# kind	owner id	name	ID number	phone (written by $OLD_REV)"; grep '^owner' "$WORK/written.txt"; } \
  > "$ROOT/registration-service/src/test/resources/old-dump/expected.tsv"
{ echo "# kind	dealer id	uscc	contact phone (written by $OLD_REV)"; grep '^dealer' "$WORK/written.txt"; } \
  > "$ROOT/tradein-service/src/test/resources/old-dump/expected.tsv"
{ echo "# kind	owner id	wallet id (written by $OLD_REV)"; grep '^wallet' "$WORK/written.txt"; } \
  > "$ROOT/subsidy-service/src/test/resources/old-dump/expected.tsv"

for pid in "${PIDS[@]}"; do kill "$pid"; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()

echo "==> dumping"
for svc in registration tradein subsidy; do
  out="$ROOT/$svc-service/src/test/resources/old-dump/$svc.sql.gz"
  # plain SQL with INSERTs (a JDBC statement runs it: no COPY FROM stdin); psql's \restrict lines dropped
  { echo "-- written by $svc-service at $OLD_REV through its HTTP API; regenerate with system-tests/old-dump/regenerate-old-dump.sh"
    pg_dump --no-owner --no-privileges --inserts --no-comments "${OLD_DB_PREFIX}_$svc" | grep -v '^\\'
  } | gzip -9n > "$out"
  echo "    $out ($(stat -c %s "$out") bytes)"
done
echo "==> done; the old databases ${OLD_DB_PREFIX}_* are left in place"
