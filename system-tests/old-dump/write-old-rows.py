#!/usr/bin/env python3
"""Writes a handful of rows with personal data through the old services' HTTP APIs (called by
regenerate-old-dump.sh, which starts them). Tokens are signed with the run's throw-away JWT key.
Prints what it wrote as tab-separated lines: the module fixtures' expected.tsv files are cut from it."""
import base64, json, os, subprocess, time, urllib.request, uuid

WORK = os.environ["WORK"]
REG, TRADEIN, SUBSIDY = os.environ["PORTS"].split(",")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(sub, role, **claims):
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": "old-dump"}
    body = {"iss": "https://gateway.ebike.local", "aud": "ebike-suite", "sub": sub, "upn": sub,
            "groups": [role], "iat": now, "exp": now + 600, "jti": str(uuid.uuid4())}
    body.update(claims)
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(body).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", WORK + "/jwt-private.pem"],
                               input=signing_input.encode(), capture_output=True, check=True).stdout
    return signing_input + "." + b64url(signature)


def call(method, port, path, tok, body):
    request = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), method=method,
                                     data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status, json.loads(response.read() or b"null")


def id_number(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def uscc(first17):
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(charset.index(c) * w for c, w in zip(first17, weights))
    return first17 + charset[(31 - total % 31) % 31]


regulator = token("old-dump-regulator", "REGULATOR")

# owners: the third shares the first one's phone (a family), the fourth's ID number ends in X
owners = [("张三", id_number("33010519900101123"), "13812345678"),
          ("欧阳娜娜", id_number("33010619851231002"), "15900001111"),
          ("李四", id_number("33010520000229004"), "13812345678")]
seq = 5
while True:
    candidate = id_number("3301082001071500%d" % seq)
    if candidate.endswith("X"):
        break
    seq += 1
owners.append(("王五", candidate, "17712340000"))
owner_ids = []
for name, idn, phone in owners:
    status, owner = call("POST", REG, "/api/owners", regulator, {"name": name, "idNumber": idn, "phone": phone})
    assert status == 201, (status, owner)
    owner_ids.append(owner["id"])
    print("owner\t%s\t%s\t%s\t%s" % (owner["id"], name, idn, phone))

dealers = [("上城区绿源电动车店", uscc("91330102MA2AAAAA0"), "浙江省杭州市上城区解放路1号", "上城区", "13900001234"),
           ("拱墅区新日车行", uscc("91330105MA2BBBBB1"), "浙江省杭州市拱墅区莫干山路8号", "拱墅区", "18600005678"),
           ("西湖区雅迪专卖", uscc("92330106MA2CCCCC2"), "浙江省杭州市西湖区文三路99号", "西湖区", "15112349876")]
for name, code, address, district, phone in dealers:
    status, dealer = call("POST", TRADEIN, "/api/dealers", regulator,
                          {"name": name, "uscc": code, "address": address, "district": district, "contactPhone": phone})
    assert status == 201, (status, dealer)
    print("dealer\t%s\t%s\t%s" % (dealer["id"], code, phone))

# wallets of the first three owners; the first binds once more to a new wallet (an update of its row)
wallets = ["0021000012345678", "ECNY-HZ-7788-0002", "w-30000000000003"]
for owner, wallet in zip(owner_ids, wallets):
    status, body = call("PUT", SUBSIDY, "/api/subsidies/wallet", token(owner, "OWNER"), {"walletId": wallet})
    assert status == 200, (status, body)
status, body = call("PUT", SUBSIDY, "/api/subsidies/wallet", token(owner_ids[0], "OWNER"), {"walletId": "0021000099990001"})
assert status == 200, (status, body)
wallets[0] = "0021000099990001"
for owner, wallet in zip(owner_ids, wallets):
    print("wallet\t%s\t%s" % (owner, wallet))
