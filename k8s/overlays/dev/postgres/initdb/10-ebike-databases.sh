#!/usr/bin/env bash
# Runs once, when the PostgreSQL data directory is first initialised (docker-entrypoint-initdb.d).
# Database per service: one LOGIN role and one database owned by it for each service, so a service
# cannot read another's tables. Passwords come from the services' own Secrets (see the StatefulSet's
# env and k8s/create-secrets.sh). Safe to run again: it only creates what is missing and resets the
# passwords to the current Secret values.
set -euo pipefail

ensure_database() {
  local name="$1" password="$2"
  if [[ -z "$password" ]]; then
    echo "10-ebike-databases.sh: no password for role $name (is its Secret missing?)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       --set=name="$name" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
  echo "10-ebike-databases.sh: role and database $name ready"
}

ensure_database ebike_registration "${REGISTRATION_DB_PASSWORD:-}"
ensure_database ebike_tradein      "${TRADEIN_DB_PASSWORD:-}"
ensure_database ebike_subsidy      "${SUBSIDY_DB_PASSWORD:-}"
ensure_database ebike_gateway      "${GATEWAY_DB_PASSWORD:-}"
