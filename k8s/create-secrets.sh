#!/usr/bin/env bash
# Creates every Secret the suite's Kubernetes manifests reference, with freshly generated values.
# Nothing secret is ever committed: the manifests only name these Secrets and their keys.
#
#   k8s/create-secrets.sh dev  [--namespace NS] [--dry-run] [--force]
#   k8s/create-secrets.sh prod [--namespace NS] [--dry-run] [--force]
#
#   --dry-run    print the Secret manifests (YAML, real generated values!) on stdout instead of
#                creating them; needs no cluster. Never commit that output.
#   --force      replace the suite's Secrets if some already exist. DANGEROUS on a live system:
#                new PII_ENCRYPTION_KEY / PII_HMAC_KEY / WALLET_ENCRYPTION_KEY / DEALER_CONTACT_ENCRYPTION_KEY values make the data
#                encrypted with the old ones unreadable, and new DB passwords lock the services out
#                until the database roles get them too. Without --force the script refuses to touch
#                a namespace that already holds any of them.
#   --namespace  default: ebike (the namespace the overlays deploy to)
#
# Generated (openssl): the gateway's RS256 token-signing key pair (RSA 2048, PKCS#8 PEM), the
# registration plate-signing key pair (Ed25519 PEM), 32-byte base64 keys (PII encryption, PII HMAC,
# wallet encryption), the two service client secrets, the bootstrap admin password and one database
# password per service (dev: also the PostgreSQL superuser and the Redis password).
#
# Environment:
#   REDIS_URL                 prod: REQUIRED, the managed Redis with its credentials, e.g.
#                             rediss://:PASSWORD@redis.internal.example:6380/0 (dev builds its own)
#   GATEWAY_DB_PASSWORD, REGISTRATION_DB_PASSWORD, TRADEIN_DB_PASSWORD, SUBSIDY_DB_PASSWORD
#                             optional: passwords of roles that already exist on the managed
#                             PostgreSQL (generated when unset: then create the roles with them,
#                             see k8s/README.md)
#   BOOTSTRAP_ADMIN_PASSWORD  optional: the first admin's password (generated when unset; read it
#                             back with the command printed at the end)
#   KUBECTL                   optional: the kubectl to use (default: kubectl on the PATH)
set -euo pipefail

die() { printf 'create-secrets.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*" >&2; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }

overlay=""
namespace="ebike"
dry_run=false
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    dev|prod) overlay="$1" ;;
    --namespace) [[ $# -ge 2 ]] || die "--namespace needs a value"; namespace="$2"; shift ;;
    --namespace=*) namespace="${1#*=}" ;;
    --dry-run) dry_run=true ;;
    --force) force=true ;;
    -h|--help) usage 0 ;;
    *) say "unknown argument: $1"; usage ;;
  esac
  shift
done
[[ -n "$overlay" ]] || { say "name the overlay: dev or prod"; usage; }

KUBECTL="${KUBECTL:-kubectl}"
command -v openssl >/dev/null || die "openssl is needed to generate keys (Debian: apt-get install -y openssl)"
command -v "$KUBECTL" >/dev/null || die "kubectl is needed (set KUBECTL=/path/to/kubectl if it is not on the PATH)"

if [[ "$overlay" == prod && -z "${REDIS_URL:-}" ]]; then
  die "prod needs REDIS_URL: the managed Redis with its credentials, e.g. REDIS_URL='rediss://:PASSWORD@redis.internal.example:6380/0'"
fi

# every Secret this script owns, in creation order
secrets=(ebike-jwt-public gateway-secrets registration-service-secrets tradein-service-secrets subsidy-service-secrets)
[[ "$overlay" == dev ]] && secrets+=(postgres-superuser redis-auth)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
umask 077

# --- generate ---------------------------------------------------------------------------------
put() { printf '%s' "$2" > "$work/$1"; }            # one value per file, no trailing newline
random_hex()    { openssl rand -hex "$1"; }
random_base64() { openssl rand -base64 32 | tr -d '\n'; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt-private.pem" 2>/dev/null
openssl pkey -in "$work/jwt-private.pem" -pubout -out "$work/jwt-public.pem"
openssl genpkey -algorithm ed25519 -out "$work/plate-signing-private.pem"
openssl pkey -in "$work/plate-signing-private.pem" -pubout -out "$work/plate-signing-public.pem"

put PII_ENCRYPTION_KEY "$(random_base64)"
put PII_HMAC_KEY "$(random_base64)"
put WALLET_ENCRYPTION_KEY "$(random_base64)"
put DEALER_CONTACT_ENCRYPTION_KEY "$(random_base64)"
put TRADEIN_CLIENT_SECRET "$(random_hex 24)"
put SUBSIDY_CLIENT_SECRET "$(random_hex 24)"
put REGISTRATION_CLIENT_SECRET "$(random_hex 24)"
put BOOTSTRAP_ADMIN_PASSWORD "${BOOTSTRAP_ADMIN_PASSWORD:-$(openssl rand -base64 24 | tr -d '/+=\n' | cut -c1-24)}"
put GATEWAY_DB_PASSWORD "${GATEWAY_DB_PASSWORD:-$(random_hex 24)}"
put REGISTRATION_DB_PASSWORD "${REGISTRATION_DB_PASSWORD:-$(random_hex 24)}"
put TRADEIN_DB_PASSWORD "${TRADEIN_DB_PASSWORD:-$(random_hex 24)}"
put SUBSIDY_DB_PASSWORD "${SUBSIDY_DB_PASSWORD:-$(random_hex 24)}"

if [[ "$overlay" == dev ]]; then
  put POSTGRES_PASSWORD "$(random_hex 24)"
  redis_password="$(random_hex 24)"
  put REDIS_PASSWORD "$redis_password"
  put REDIS_URL "redis://:${redis_password}@redis:6379/0"
else
  put REDIS_URL "$REDIS_URL"
fi

# --- render: name, then KEY=file pairs (the file's content becomes the key's value) -----------
render() {
  local name="$1"; shift
  local args=()
  local pair
  for pair in "$@"; do args+=("--from-file=${pair%%=*}=$work/${pair#*=}"); done
  "$KUBECTL" create secret generic "$name" --namespace "$namespace" "${args[@]}" \
      --dry-run=client -o yaml \
    | "$KUBECTL" label --local -f - app.kubernetes.io/part-of=ebike-suite -o yaml
}

render_secret() {
  case "$1" in
    ebike-jwt-public)
      render ebike-jwt-public jwt-public.pem=jwt-public.pem ;;
    gateway-secrets)
      render gateway-secrets \
        jwt-private.pem=jwt-private.pem \
        DB_PASSWORD=GATEWAY_DB_PASSWORD \
        REDIS_URL=REDIS_URL \
        BOOTSTRAP_ADMIN_PASSWORD=BOOTSTRAP_ADMIN_PASSWORD \
        TRADEIN_CLIENT_SECRET=TRADEIN_CLIENT_SECRET \
        SUBSIDY_CLIENT_SECRET=SUBSIDY_CLIENT_SECRET \
        REGISTRATION_CLIENT_SECRET=REGISTRATION_CLIENT_SECRET ;;
    registration-service-secrets)
      render registration-service-secrets \
        plate-signing-private.pem=plate-signing-private.pem \
        plate-signing-public.pem=plate-signing-public.pem \
        DB_PASSWORD=REGISTRATION_DB_PASSWORD \
        PII_ENCRYPTION_KEY=PII_ENCRYPTION_KEY \
        PII_HMAC_KEY=PII_HMAC_KEY \
        REGISTRATION_CLIENT_SECRET=REGISTRATION_CLIENT_SECRET ;;
    tradein-service-secrets)
      render tradein-service-secrets \
        DB_PASSWORD=TRADEIN_DB_PASSWORD \
        TRADEIN_CLIENT_SECRET=TRADEIN_CLIENT_SECRET \
        DEALER_CONTACT_ENCRYPTION_KEY=DEALER_CONTACT_ENCRYPTION_KEY ;;
    subsidy-service-secrets)
      render subsidy-service-secrets \
        DB_PASSWORD=SUBSIDY_DB_PASSWORD \
        REDIS_URL=REDIS_URL \
        SUBSIDY_CLIENT_SECRET=SUBSIDY_CLIENT_SECRET \
        WALLET_ENCRYPTION_KEY=WALLET_ENCRYPTION_KEY ;;
    postgres-superuser)
      render postgres-superuser POSTGRES_PASSWORD=POSTGRES_PASSWORD ;;
    redis-auth)
      render redis-auth REDIS_PASSWORD=REDIS_PASSWORD ;;
    *) die "no recipe for Secret $1" ;;
  esac
}

if $dry_run; then
  first=true
  for s in "${secrets[@]}"; do
    $first || echo '---'
    first=false
    render_secret "$s"
  done
  exit 0
fi

# --- apply ------------------------------------------------------------------------------------
"$KUBECTL" version --request-timeout=10s >/dev/null 2>&1 \
  || die "cannot reach a cluster with $KUBECTL (check your kubeconfig / context); --dry-run needs none"

if ! "$KUBECTL" get namespace "$namespace" >/dev/null 2>&1; then
  if [[ "$namespace" == ebike ]]; then
    # the same Namespace object the overlays apply (with its Pod Security labels)
    "$KUBECTL" apply -f "$(dirname "$0")/base/common/namespace.yaml"
  else
    "$KUBECTL" create namespace "$namespace"
  fi
fi

existing=()
for s in "${secrets[@]}"; do
  if "$KUBECTL" get secret "$s" --namespace "$namespace" >/dev/null 2>&1; then existing+=("$s"); fi
done
if [[ ${#existing[@]} -gt 0 ]] && ! $force; then
  die "namespace $namespace already holds ${existing[*]}: nothing changed. The suite's Secrets belong together (one key pair, one client secret on both sides, keys that encrypt stored data); rotate single values by hand (k8s/README.md) or replace them all with --force."
fi

for s in "${secrets[@]}"; do
  render_secret "$s" | "$KUBECTL" apply -f -
done

say ""
say "Secrets created in namespace $namespace for the $overlay overlay. Back them up in your vault now:"
say "losing PII_ENCRYPTION_KEY, PII_HMAC_KEY, WALLET_ENCRYPTION_KEY or DEALER_CONTACT_ENCRYPTION_KEY loses the data they protect."
say "  first admin password: $KUBECTL -n $namespace get secret gateway-secrets -o jsonpath='{.data.BOOTSTRAP_ADMIN_PASSWORD}' | base64 -d"
if [[ "$overlay" == prod ]]; then
  say "  database passwords:   $KUBECTL -n $namespace get secret <service>-secrets -o jsonpath='{.data.DB_PASSWORD}' | base64 -d"
  say "  (create the four roles and databases on the managed PostgreSQL with them: k8s/README.md)"
fi
say "Next: kubectl apply -k k8s/overlays/$overlay"
