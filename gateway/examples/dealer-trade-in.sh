#!/usr/bin/env bash
# A dealer's shop software, in shell: one whole trade-in through the gateway, knowing nothing but the
# public API document. Every path and the token URL are looked up in /api/openapi.json by operationId,
# so the script follows the document instead of hard-coding the routes.
#
#   GATEWAY_URL=http://localhost:8080 CLIENT_ID=dc_… CLIENT_SECRET=dcs_… \
#   OWNER_ID=<owner uuid> OLD_VEHICLE_ID=<the owner's filed non-standard bike> \
#     gateway/examples/dealer-trade-in.sh
#
# The client (POST /api/auth/clients, by an ADMIN or REGULATOR) belongs to a dealer that has signed the
# commitment and enabled trade-ins. Prints one JSON line: the completed trade-in and the new bike's plate.
# Needs curl and jq.
set -euo pipefail
: "${GATEWAY_URL:?GATEWAY_URL}" "${CLIENT_ID:?CLIENT_ID}" "${CLIENT_SECRET:?CLIENT_SECRET}"
: "${OWNER_ID:?OWNER_ID}" "${OLD_VEHICLE_ID:?OLD_VEHICLE_ID}"
for tool in curl jq; do command -v "$tool" >/dev/null || { echo "dealer-trade-in: $tool is missing" >&2; exit 2; }; done

DOC="$(curl -fsS "$GATEWAY_URL/api/openapi.json")"

# "METHOD PATH" of an operation in the document, by its operationId
op() {
  jq -er --arg id "$1" '.paths | to_entries[] | .key as $p | .value | to_entries[]
    | select(.value.operationId? == $id) | "\(.key | ascii_upcase) \($p)"' <<<"$DOC" \
    || { echo "dealer-trade-in: the API document has no operation $1" >&2; exit 3; }
}

# call OPERATION_ID [PATH_PARAMETER] [JSON_BODY]: fails loudly on anything but 2xx, prints the body
call() {
  local method path out status
  read -r method path <<<"$(op "$1")"
  path="$(sed -E "s/\{[^}]+\}/${2:-}/" <<<"$path")"
  out="$(mktemp)"
  status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$GATEWAY_URL$path" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $RUN-$1" \
    ${3:+--data "$3"})"
  if [[ "$status" != 2* ]]; then
    echo "dealer-trade-in: $method $path answered $status: $(cat "$out")" >&2; rm -f "$out"; exit 1
  fi
  cat "$out"; rm -f "$out"
}

RUN="trade-in-$(date +%s)-$RANDOM"
TOKEN_URL="$(jq -er '.components.securitySchemes.dealerClient.flows.clientCredentials.tokenUrl' <<<"$DOC")"
TOKEN="$(curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$GATEWAY_URL$TOKEN_URL" | jq -er .access_token)"

# 1. open: the owner brings the filed non-standard bike
TRADE_IN="$(call postTradeIns "" "$(jq -nc --arg o "$OLD_VEHICLE_ID" --arg w "$OWNER_ID" '{oldVehicleId: $o, ownerId: $w}')" | jq -er .id)"
# 2. recycle it (this scraps the old bike and revokes its plate)
call postTradeInsByIdRecycling "$TRADE_IN" "$(jq -nc --arg r "HS-$RUN" '{recyclingReceiptNo: $r, batteryReturned: true}')" >/dev/null
# 3. register the new compliant bike to the same owner (frame: maker 8888, type 2, year 26, serial)
SERIAL="$(printf '%08d' $(( (RANDOM * 32768 + RANDOM) % 100000000 )))"
NEW_BIKE="$(call postVehicles "" "$(jq -nc --arg f "8888226$SERIAL" --arg o "$OWNER_ID" --arg c "2026$(printf '%012d' $(( RANDOM * 32768 + RANDOM )))" \
  '{frameNumber: $f, motorNumber: ("DJ" + $f), brand: "雅迪", model: "冠能 DE8", category: "COMPLIANT",
    batteryType: "LITHIUM", cccCertificate: $c, ownerId: $o}')" | jq -er .id)"
# 4. its digital plate
PLATE="$(call postVehiclesByIdPlate "$NEW_BIKE" | jq -er .plateNumber)"
# 5. record the new bike in the trade-in, 6. complete it (the server records the time)
call postTradeInsByIdNewVehicle "$TRADE_IN" "$(jq -nc --arg v "$NEW_BIKE" '{newVehicleId: $v}')" >/dev/null
call postTradeInsByIdCompletion "$TRADE_IN" \
  | jq -c --arg v "$NEW_BIKE" --arg p "$PLATE" '{tradeInId: .id, status, completedAt, newVehicleId: $v, plateNumber: $p}'
