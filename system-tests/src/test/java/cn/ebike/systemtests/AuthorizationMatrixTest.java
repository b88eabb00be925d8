package cn.ebike.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint of the public API (and the internal ones), called by every kind of caller, own
 * object and someone else's: the status each must get. The table is checked against the services'
 * own OpenAPI documents, so an endpoint added without a row here fails the build.
 */
@Order(5)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    enum Caller { ANON, OWNER_OWN, OWNER_OTHER, DEALER_OWN, DEALER_OTHER, REGULATOR, ADMIN }

    /** The objects the table refers to: dealer A's, owner O's. */
    static final class Fixture {
        Dealer dealerA;
        Dealer dealerB;
        Owner ownerO;
        Owner ownerP;
        Owner ownerQ;         // corrected by the regulator's row (PATCH /api/owners/{id} ends its sessions)
        String vehicle;       // compliant, registered by dealer A, owned by O, plated
        String plate;
        String qr;
        String scrapTarget;   // a filed bike the regulator may scrap
        String tradeIn;       // completed by dealer A for O
        String subsidy;       // O's grant for that trade-in
        String campaign;
        String client;        // dealer A's API client, one live secret
        String clientFull;    // dealer A's API client with two live secrets (a third is refused)
        String clientRotated; // dealer A's API client with two live secrets; its first one is revoked by a row
        String rotatedSecret;
        String clientRevoked; // dealer A's API client revoked by a row
        String clientSecret;  // the secret of {@code client}
        String rectification; // dealer A's, from an inspection that failed one minor item (issue 14)
        String importJob;     // the regulator's import job (issue 13, 数据导入 with progress)
    }

    record Row(String method, String path, Function<Fixture, Object> body, String contentType, Map<Caller, Integer> expected) {
    }

    private final Api api;
    private final Suite suite;
    private final Fixture f = new Fixture();
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

    AuthorizationMatrixTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void objects() {
        String district = "临平区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        f.campaign = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("当期", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 20_000, 100)));
        f.dealerA = api.dealer(district, true);
        f.dealerB = api.dealer(district, true);
        f.ownerO = api.owner(f.dealerA);
        f.ownerP = api.owner(f.dealerB);
        f.ownerQ = api.owner(f.dealerB);
        String[] bike = api.newPlatedBike(f.dealerA, f.ownerO);
        f.vehicle = bike[0];
        f.plate = bike[1];
        f.qr = bike[2];
        f.scrapTarget = api.filedBike(f.ownerP);
        TradeIn t = api.readyTradeIn(f.dealerA, f.ownerO, api.filedBike(f.ownerO));
        api.complete(f.dealerA, t.id()).then().statusCode(200);
        f.tradeIn = t.id();
        Api.await("the matrix trade-in's claim", Duration.ofSeconds(60),
                () -> Boolean.TRUE.equals(api.tradeIn(f.tradeIn).getBoolean("claimDelivered")));
        f.subsidy = api.as(api.token(f.ownerO)).get("/api/subsidies/me").then().statusCode(200).extract().path("items[0].id");

        // dealer A's API clients (issue 15), made by the admin
        Map<String, Object> clientBody = Map.of("dealerId", f.dealerA.id(), "name", "矩阵门店系统");
        io.restassured.path.json.JsonPath c = api.as(api.admin()).body(clientBody).post("/api/auth/clients")
                .then().statusCode(201).extract().jsonPath();
        f.client = c.getString("clientId");
        f.clientSecret = c.getString("clientSecret");
        f.clientFull = api.as(api.admin()).body(clientBody).post("/api/auth/clients").then().statusCode(201)
                .extract().path("clientId");
        io.restassured.path.json.JsonPath rotated = api.as(api.admin()).body(clientBody).post("/api/auth/clients")
                .then().statusCode(201).extract().jsonPath();
        f.clientRotated = rotated.getString("clientId");
        f.rotatedSecret = rotated.getString("secretId");
        api.as(api.admin()).post("/api/auth/clients/" + f.clientRotated + "/secrets").then().statusCode(201);
        f.clientRevoked = api.as(api.admin()).body(clientBody).post("/api/auth/clients").then().statusCode(201)
                .extract().path("clientId");

        // dealer supervision (issue 14): one minor failure, so dealer A keeps grade A and its authorisation
        List<String> opened = api.as(api.regulator()).body(Api.inspection(List.of("PRICES_MARKED")))
                .post("/api/dealers/" + f.dealerA.id() + "/inspections").then().statusCode(201).extract()
                .path("rectificationIds");
        f.rectification = opened.get(0);

        // an import job of the regulator's (issue 13): only its uploader reads it
        f.importJob = api.as(api.regulator()).contentType("text/csv; charset=UTF-8")
                .body("frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n"
                        + String.join(",", Ids.filedFrame(), "M1", "老款", "X1", "LEAD_ACID", Ids.name(), Ids.idNumber(),
                        Ids.phone(), "2024-01-01T00:00:00Z", "") + "\n")
                .post("/api/vehicles/imports").then().statusCode(202).extract().path("id");

        tokens.put(Caller.OWNER_OWN, api.token(f.ownerO));
        tokens.put(Caller.OWNER_OTHER, api.token(f.ownerP));
        tokens.put(Caller.DEALER_OWN, api.token(f.dealerA));
        tokens.put(Caller.DEALER_OTHER, api.token(f.dealerB));
        tokens.put(Caller.REGULATOR, api.regulator());
        tokens.put(Caller.ADMIN, api.admin());
    }

    /** "ANON 401, OWNER 403, DEALER_OWN 200, ..." — OWNER and DEALER stand for both own and other. */
    static Map<Caller, Integer> expect(String spec) {
        Map<Caller, Integer> m = new EnumMap<>(Caller.class);
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("\\s+");
            int status = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "OWNER" -> { m.put(Caller.OWNER_OWN, status); m.put(Caller.OWNER_OTHER, status); }
                case "DEALER" -> { m.put(Caller.DEALER_OWN, status); m.put(Caller.DEALER_OTHER, status); }
                case "ANYONE" -> { for (Caller c : Caller.values()) { m.put(c, status); } }
                case "SIGNED_IN" -> { for (Caller c : Caller.values()) { if (c != Caller.ANON) { m.put(c, status); } } }
                default -> m.put(Caller.valueOf(kv[0]), status);
            }
        }
        assertThat(m.keySet()).as("every caller has an expected status in: " + spec).containsExactlyInAnyOrder(Caller.values());
        return m;
    }

    static Row row(String method, String path, Function<Fixture, Object> body, String spec) {
        return new Row(method, path, body, "application/json", expect(spec));
    }

    List<Row> table() {
        String csvHeader = "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n";
        List<Row> t = new ArrayList<>();
        // ---- gateway: auth and stats
        t.add(row("POST", "/api/auth/login", x -> Map.of("username", "admin", "password", suite.adminPassword()), "ANYONE 200"));
        t.add(row("POST", "/api/auth/accounts", x -> Map.of("username", "acct" + Ids.receipt(), "password", "matrix-password-1",
                "role", "REGULATOR"), "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 201"));
        t.add(row("POST", "/api/auth/owner/code", x -> Map.of("phone", Ids.phone()), "ANYONE 202"));
        t.add(row("POST", "/api/auth/owner/login", x -> Map.of("phone", Ids.phone(), "code", "000000"), "ANYONE 401"));
        t.add(row("GET", "/api/auth/jwks", null, "ANYONE 200"));
        t.add(new Row("POST", "/api/auth/token", x -> "grant_type=client_credentials&client_id=tradein-service&client_secret=wrong",
                "application/x-www-form-urlencoded", expect("ANYONE 401")));
        t.add(row("GET", "/api/stats/overview", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        // ---- gateway: the regulators' figures (issue 13)
        t.add(row("GET", "/api/stats/completion", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/stats/series?metric=platesIssued", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/stats/funnel", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/stats/dealers", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/stats/audit", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/stats/signals", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        // their internal parts: a regulator may read them (as the services' /stats), dealers and owners may not
        t.add(row("GET", "/api/vehicles/figures/districts", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/figures/series?metric=platesIssued", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/figures/funnel", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/figures/audit", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/figures/signals", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/districts", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/dealers", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/series?metric=tradeInsCompleted", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/funnel", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/audit", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/figures/signals", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/figures/series?metric=fenPaid", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/figures/funnel", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/figures/dealers", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/figures/audit", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/figures/signals", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        // ---- gateway: the public API document and Swagger UI (issue 15)
        t.add(row("GET", "/api/openapi.json", null, "ANYONE 200"));
        t.add(row("GET", "/api/openapi.yaml", null, "ANYONE 200"));
        t.add(row("GET", "/api/docs/", null, "ANYONE 200"));
        // ---- gateway: dealer API clients (issue 15); callers run in enum order, REGULATOR before ADMIN
        t.add(row("POST", "/api/auth/clients", x -> Map.of("dealerId", x.dealerA.id(), "name", "矩阵门店" + Ids.receipt()),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 201, ADMIN 201"));
        t.add(row("GET", "/api/auth/clients", null, "ANON 401, OWNER 403, DEALER 200, REGULATOR 200, ADMIN 200"));
        t.add(row("GET", "/api/auth/clients/{client}", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 200"));
        t.add(row("GET", "/api/auth/clients/{client}/history", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 200"));
        t.add(row("PATCH", "/api/auth/clients/{client}", x -> Map.of("rateLimitPerMinute", 600),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 200"));
        // the regulator adds the second live secret; the admin's would be a third
        t.add(row("POST", "/api/auth/clients/{clientFull}/secrets", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 201, ADMIN 409"));
        // the regulator revokes the old secret after rotation; for the admin it is no longer live
        t.add(row("DELETE", "/api/auth/clients/{clientRotated}/secrets/{rotatedSecret}", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 404"));
        t.add(row("DELETE", "/api/auth/clients/{clientRevoked}", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 200"));
        // client credentials of dealer A's client: anyone holding them gets a DEALER token
        t.add(new Row("POST", "/api/auth/token", x -> "grant_type=client_credentials&client_id=" + x.client
                + "&client_secret=" + x.clientSecret, "application/x-www-form-urlencoded", expect("ANYONE 200")));
        // ---- registration
        t.add(row("POST", "/api/owners", x -> Map.of("name", Ids.name(), "idNumber", Ids.idNumber(), "phone", Ids.phone()),
                "ANON 401, OWNER 403, DEALER 201, REGULATOR 201, ADMIN 403"));
        t.add(row("GET", "/api/owners/me", null, "ANON 401, OWNER 200, DEALER 403, REGULATOR 403, ADMIN 403"));
        t.add(row("GET", "/api/owners/{ownerO}", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/owners/lookup", x -> Map.of("phone", x.ownerO.phone()),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/vehicles", x -> Map.of("frameNumber", Ids.compliantFrame(), "motorNumber", "M" + Ids.receipt(),
                        "brand", "雅迪", "model", "DE2", "category", "COMPLIANT", "batteryType", "LITHIUM",
                        "cccCertificate", Ids.ccc(), "ownerId", x.ownerO.id()),
                "ANON 401, OWNER 403, DEALER 201, REGULATOR 201, ADMIN 403"));
        t.add(new Row("POST", "/api/vehicles/import", x -> csvHeader + String.join(",", Ids.filedFrame(), "M1", "老款", "X1",
                "LEAD_ACID", Ids.name(), Ids.idNumber(), Ids.phone(), "2024-01-01T00:00:00Z", "") + "\n", "text/csv; charset=UTF-8",
                expect("ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403")));
        // import jobs (issue 13): uploading as the synchronous import; a job is its uploader's (404 for anyone else)
        t.add(new Row("POST", "/api/vehicles/imports", x -> csvHeader + String.join(",", Ids.filedFrame(), "M1", "老款", "X1",
                "LEAD_ACID", Ids.name(), Ids.idNumber(), Ids.phone(), "2024-01-01T00:00:00Z", "") + "\n", "text/csv; charset=UTF-8",
                expect("ANON 401, OWNER 403, DEALER 403, REGULATOR 202, ADMIN 403")));
        t.add(row("GET", "/api/vehicles/imports/{importJob}", null,
                "ANON 401, OWNER 403, DEALER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/imports/{importJob}/errors", null,
                "ANON 401, OWNER 403, DEALER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/imports/{importJob}/errors?format=csv", null,
                "ANON 401, OWNER 403, DEALER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/{vehicle}", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles?frameNumber={frame}", null, "ANON 401, OWNER 200, DEALER 200, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/{vehicle}/history", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/vehicles/{vehicle}/plate", null,
                "ANON 401, OWNER 403, DEALER_OWN 409, DEALER_OTHER 404, REGULATOR 409, ADMIN 403"));
        t.add(row("POST", "/api/vehicles/{scrapTarget}/scrap", x -> Map.of("reason", "matrix", "reference", "matrix-ref"),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/vehicles/stats", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        // internal bulk read for subsidy-service's claim batches: SERVICE tokens only, which no user can hold
        t.add(row("POST", "/api/vehicles/lookup", x -> Map.of("ids", List.of(x.vehicle)),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 403"));
        t.add(row("GET", "/api/plates/{plate}", null, "ANON 401, SIGNED_IN 200"));
        t.add(row("POST", "/api/plates/verify", x -> Map.of("qrPayload", x.qr), "ANYONE 200"));
        t.add(row("GET", "/api/plates/public-key", null, "ANYONE 200"));
        // ---- tradein
        t.add(row("POST", "/api/dealers", x -> Map.of("name", "车行" + Ids.receipt(), "uscc", Ids.uscc(), "address", "路 1 号",
                "district", "矩阵区", "contactPhone", Ids.phone()), "ANON 401, OWNER 403, DEALER 403, REGULATOR 201, ADMIN 403"));
        t.add(row("GET", "/api/dealers", null, "ANON 401, OWNER 403, DEALER 200, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}/history", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/dealers/{dealerA}/commitment", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("DELETE", "/api/dealers/{dealerA}/trade-in-enabled", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/dealers/{dealerA}/trade-in-enabled", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/dealers/{dealerA}/authorization", x -> Map.of("authorized", true),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        // ---- tradein: dealer supervision (issue 14); the submission row runs before the review row
        t.add(row("POST", "/api/dealers/{dealerA}/inspections", x -> Api.inspection(List.of()),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 201, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}/inspections", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}/rectifications", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/dealers/{dealerA}/rectifications/{rectification}/submission", x -> Map.of("note", "已补齐价签"),
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/dealers/{dealerA}/rectifications/{rectification}/review",
                x -> Map.of("accepted", false, "note", "价签不全"),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}/credit", null,
                "ANON 401, OWNER 403, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/dealers/{dealerA}/public", null, "ANYONE 200"));
        t.add(row("GET", "/api/dealers/{dealerA}/public/qr.svg", null, "ANYONE 200"));
        t.add(row("GET", "/api/dealers/due-for-inspection", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins", x -> Map.of("oldVehicleId", api.filedBike(x.ownerO), "ownerId", x.ownerO.id()),
                "ANON 401, OWNER 403, DEALER 201, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins/{tradeIn}/recycling", x -> Map.of("recyclingReceiptNo", Ids.receipt(), "batteryReturned", true),
                "ANON 401, OWNER 403, DEALER_OWN 409, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins/{tradeIn}/new-vehicle", x -> Map.of("newVehicleId", x.vehicle),
                "ANON 401, OWNER 403, DEALER_OWN 409, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins/{tradeIn}/completion", null,
                "ANON 401, OWNER 403, DEALER_OWN 409, DEALER_OTHER 404, REGULATOR 403, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins/{tradeIn}/cancellation", x -> Map.of("reason", "matrix"),
                "ANON 401, OWNER 403, DEALER_OWN 409, DEALER_OTHER 404, REGULATOR 409, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/{tradeIn}", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins", null, "ANON 401, OWNER 200, DEALER 200, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/{tradeIn}/history", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/claims", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/trade-ins/stats", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/trade-ins/lookup", x -> Map.of("ids", List.of(x.tradeIn)),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 403"));
        // ---- subsidy
        t.add(row("POST", "/api/campaigns", x -> {
            Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            return Map.of("name", "矩阵活动", "district", "矩阵区" + Ids.receipt(), "filedBefore", "2025-01-01T00:00:00Z",
                    "phases", List.of(Map.of("name", "一期", "startsAt", start.toString(),
                            "endsAt", start.plus(1, ChronoUnit.DAYS).toString(), "amountFen", 30000, "quota", 10)));
        }, "ANON 401, OWNER 403, DEALER 403, REGULATOR 201, ADMIN 403"));
        t.add(row("GET", "/api/campaigns", null, "ANON 401, SIGNED_IN 200"));
        t.add(row("GET", "/api/campaigns/{campaign}", null, "ANON 401, SIGNED_IN 200"));
        t.add(row("GET", "/api/campaigns/{campaign}/stats", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/campaigns/{campaign}/burndown", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/campaigns/{campaign}/reconciliation", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/subsidies/claims", x -> Map.of("tradeInId", x.tradeIn),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/subsidies/claims/batch", x -> Map.of("tradeInIds", List.of(x.tradeIn)),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/{subsidy}", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/me", null, "ANON 401, OWNER 200, DEALER 403, REGULATOR 403, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/{subsidy}/history", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("GET", "/api/subsidies", null, "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/subsidies/{subsidy}/payout-retry", null,
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 409, ADMIN 403"));
        t.add(row("PUT", "/api/subsidies/wallet", x -> Map.of("walletId", "0021" + Ids.ccc()),
                "ANON 401, OWNER 200, DEALER 403, REGULATOR 403, ADMIN 403"));
        t.add(row("GET", "/api/subsidies/wallet", null, "ANON 401, OWNER 200, DEALER 403, REGULATOR 403, ADMIN 403"));
        // ---- owners' views and sessions (issue 11)
        t.add(row("GET", "/api/plates/{plate}/qr.svg", null,
                "ANON 401, OWNER_OWN 200, OWNER_OTHER 404, DEALER_OWN 200, DEALER_OTHER 404, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/owners/lookup/by-phone", x -> Map.of("phone", x.ownerO.phone()),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 403"));
        // no refresh cookie or token presented: nobody gets a token
        t.add(row("POST", "/api/auth/refresh", null, "ANYONE 401"));
        // ---- owner identity (issue 12)
        t.add(row("PATCH", "/api/owners/{ownerQ}", x -> Map.of("phone", Ids.phone(), "reason", "矩阵：备案为准"),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 200, ADMIN 403"));
        t.add(row("POST", "/api/auth/sessions/revocations", x -> Map.of("subject", x.ownerP.id()),
                "ANON 401, OWNER 403, DEALER 403, REGULATOR 403, ADMIN 403"));
        // last: it ends the session of every token above (the tokens are forgotten after this class)
        t.add(row("POST", "/api/auth/logout", null, "ANON 401, SIGNED_IN 204"));
        return t;
    }

    @org.junit.jupiter.api.AfterAll
    void signedOut() {
        api.forgetTokens(); // the logout row ended the sessions of the cached tokens
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheContractSays() {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        List<Row> table = table();
        for (Row r : table) {
            for (Caller c : Caller.values()) {
                String path = resolve(r.path());
                RequestSpecification req = given().baseUri(suite.gatewayUrl()).contentType(r.contentType());
                if (c != Caller.ANON) {
                    req.header("Authorization", "Bearer " + tokens.get(c));
                }
                if (r.body() != null) {
                    req.body(r.body().apply(f));
                }
                Response res = req.request(r.method(), path);
                calls++;
                int want = r.expected().get(c);
                if (res.statusCode() != want) {
                    failures.add(String.format("%-6s %-45s %-12s expected %d, got %d %s", r.method(), r.path(), c, want,
                            res.statusCode(), abbreviate(res.asString())));
                }
            }
        }
        assertThat(failures).as("callers that got a different status than the contract says").isEmpty();
        Summary.line("authorisation matrix: %d endpoints × %d callers = %d calls, all as expected", table.size(),
                Caller.values().length, calls);
    }

    @Test
    void everyEndpointTheServicesPublishHasARowInTheTable() {
        Set<String> published = new TreeSet<>();
        for (Service s : Service.values()) {
            Map<String, Map<String, Object>> paths = given().baseUri(suite.url(s)).queryParam("format", "json")
                    .get("/q/openapi").then().statusCode(200).extract().path("paths");
            paths.forEach((path, ops) -> ops.keySet().stream()
                    .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                    .forEach(m -> published.add(m.toUpperCase() + " " + normalise(path))));
        }
        Set<String> inTable = new TreeSet<>();
        for (Row r : table()) {
            inTable.add(r.method() + " " + normalise(r.path().replaceAll("\\?.*", "")));
        }
        Set<String> missing = new TreeSet<>(published);
        missing.removeAll(inTable);
        missing.removeIf(e -> !e.split(" ")[1].startsWith("/api/"));
        assertThat(missing).as("published endpoints without a row in the authorisation table").isEmpty();
    }

    private String resolve(String path) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("{vehicle}", f.vehicle);
        values.put("{plate}", f.plate);
        values.put("{scrapTarget}", f.scrapTarget);
        values.put("{dealerA}", f.dealerA.id());
        values.put("{ownerO}", f.ownerO.id());
        values.put("{ownerQ}", f.ownerQ.id());
        values.put("{tradeIn}", f.tradeIn);
        values.put("{subsidy}", f.subsidy);
        values.put("{campaign}", f.campaign);
        values.put("{clientFull}", f.clientFull);
        values.put("{clientRotated}", f.clientRotated);
        values.put("{rotatedSecret}", f.rotatedSecret);
        values.put("{clientRevoked}", f.clientRevoked);
        values.put("{client}", f.client);
        values.put("{rectification}", f.rectification);
        values.put("{importJob}", f.importJob);
        values.put("{frame}", frameOf(f.vehicle));
        String p = path;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (p.contains(e.getKey())) {
                p = p.replace(e.getKey(), e.getValue());
            }
        }
        return p;
    }

    private final Map<String, String> frames = new LinkedHashMap<>();

    private String frameOf(String vehicleId) {
        return frames.computeIfAbsent(vehicleId, id -> api.as(api.regulator()).get("/api/vehicles/" + id)
                .then().statusCode(200).extract().path("frameNumber"));
    }

    static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/+$", "");
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
