package cn.ebike.systemtests.harness;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What users do, through the gateway only: sign in, create dealers and owners, run trade-ins.
 * Every helper asserts the status it expects, so a broken step fails where it breaks.
 */
public final class Api {

    private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);

    /** The suite of the run (one per run: SuiteExtension starts it once), for the static helpers below. */

    private final Suite suite;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public record Dealer(String id, String username, String password, String district) {
    }

    public record Owner(String id, String name, String idNumber, String phone) {
    }

    public record TradeIn(String id, String oldVehicleId, String newVehicleId, String newPlateNumber,
            String newQrPayload, Instant completedAt) {
    }

    public record Phase(String name, Instant startsAt, Instant endsAt, long amountFen, int quota) {
    }

    private record Token(String value, Instant at) {
    }

    /** The Api of the running suite, for the static helpers ({@link #payoutSandbox}). */
    private static volatile Api current;

    Api(Suite suite) {
        this.suite = suite;
        current = this;
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    public Suite suite() {
        return suite;
    }

    // --- requests ---------------------------------------------------------------------------
    public RequestSpecification anonymous() {
        return given().baseUri(suite.gatewayUrl()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    /** A request signed in as the scenario's regulator. */
    public RequestSpecification regulatorSpec() {
        return as(regulator());
    }

    // --- accounts and tokens ------------------------------------------------------------------
    public String login(String username, String password) {
        return anonymous().body(Map.of("username", username, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    public String admin() {
        return cached("admin", () -> login("admin", suite.adminPassword()));
    }

    public String regulator() {
        return cached("regulator", () -> {
            if (!passwords.containsKey("regulator")) {
                ensureAccount("regulator", "regulator-pass-" + Suite.randomHex(4), "REGULATOR", null);
            }
            return login("regulator", passwords.get("regulator"));
        });
    }

    /** The password this run gave a staff account it created (null for one it did not create). */
    public String password(String username) {
        return passwords.get(username);
    }

    /** The regulator's password (the account is created on first use of {@link #regulator()}). */
    public String regulatorPassword() {
        regulator();
        return passwords.get("regulator");
    }

    public String token(Dealer dealer) {
        return cached("dealer:" + dealer.username(), () -> login(dealer.username(), dealer.password()));
    }

    public String token(Owner owner) {
        return cached("owner:" + owner.id(), () -> ownerLogin(owner.phone()));
    }

    /** Owner login by SMS code; the run has SMS_ECHO=true, so the code comes back in the response. */
    public String ownerLogin(String phone) {
        String code = anonymous().body(Map.of("phone", phone)).post("/api/auth/owner/code")
                .then().statusCode(202).extract().path("devCode");
        return anonymous().body(Map.of("phone", phone, "code", code)).post("/api/auth/owner/login")
                .then().statusCode(200).extract().path("accessToken");
    }

    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    /** Forgets every cached token (after a test that signed sessions out), so the next call signs in again. */
    public void forgetTokens() {
        tokens.clear();
    }

    private void ensureAccount(String username, String password, String role, String dealerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("role", role);
        if (dealerId != null) {
            body.put("dealerId", dealerId);
        }
        as(admin()).body(body).post("/api/auth/accounts").then().statusCode(201);
        passwords.put(username, password);
    }

    private String cached(String key, java.util.function.Supplier<String> login) {
        Token t = tokens.get(key);
        if (t == null || t.at().plus(TOKEN_REUSE).isBefore(Instant.now())) {
            t = new Token(login.get(), Instant.now());
            tokens.put(key, t);
        }
        return t.value();
    }

    // --- regulator and dealer set-up ----------------------------------------------------------
    /** A dealer on the platform: created, staff account, commitment signed, trade-in enabled, authorised or not. */
    public Dealer dealer(String district, boolean authorised) {
        String id = as(regulator()).body(Map.of(
                        "name", "车行" + Ids.next(), "uscc", Ids.uscc(), "address", "文三路 " + Ids.next() + " 号",
                        "district", district, "contactPhone", Ids.phone()))
                .post("/api/dealers").then().statusCode(201).extract().path("id");
        String username = "dealer" + Ids.next();
        String password = "dealer-pass-" + Suite.randomHex(6);
        ensureAccount(username, password, "DEALER", id);
        Dealer dealer = new Dealer(id, username, password, district);
        as(token(dealer)).post("/api/dealers/" + id + "/commitment").then().statusCode(200);
        as(token(dealer)).post("/api/dealers/" + id + "/trade-in-enabled").then().statusCode(200);
        if (authorised) {
            as(regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + id + "/authorization")
                    .then().statusCode(200);
        }
        return dealer;
    }

    public String campaign(String district, Instant filedBefore, List<Phase> phases) {
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Phase p : phases) {
            ps.add(Map.of("name", p.name(), "startsAt", p.startsAt().toString(), "endsAt", p.endsAt().toString(),
                    "amountFen", p.amountFen(), "quota", p.quota()));
        }
        return as(regulator()).body(Map.of("name", district + " 电动自行车以旧换新", "district", district,
                        "filedBefore", filedBefore.toString(), "phases", ps))
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
    }

    /** An owner registered by a dealer (the owner's ID card is shown at the shop). */
    public Owner owner(Dealer at) {
        String name = Ids.name();
        String idNumber = Ids.idNumber();
        String phone = Ids.phone();
        String id = as(token(at)).body(Map.of("name", name, "idNumber", idNumber, "phone", phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        return new Owner(id, name, idNumber, phone);
    }

    /** A filed non-standard bike of this owner, registered by the regulator, filed long before any cut-off. */
    public String filedBike(Owner owner) {
        return as(regulator()).body(Map.of(
                        "frameNumber", Ids.filedFrame(), "motorNumber", "M" + Ids.next(), "brand", "老款",
                        "model", "X1", "category", "NON_STANDARD_FILED", "batteryType", "LEAD_ACID",
                        "ownerId", owner.id(), "filedAt", "2024-03-01T00:00:00Z"))
                .post("/api/vehicles").then().statusCode(201).extract().path("id");
    }

    /** A compliant bike sold by the dealer to the owner, plated. Returns [vehicleId, plateNumber, qrPayload]. */
    public String[] newPlatedBike(Dealer dealer, Owner owner) {
        String vehicleId = as(token(dealer)).body(Map.of(
                        "frameNumber", Ids.compliantFrame(), "motorNumber", "M" + Ids.next(), "brand", "雅迪",
                        "model", "DE2", "category", "COMPLIANT", "batteryType", "LITHIUM",
                        "cccCertificate", Ids.ccc(), "ownerId", owner.id()))
                .post("/api/vehicles").then().statusCode(201).extract().path("id");
        JsonPath plate = as(token(dealer)).post("/api/vehicles/" + vehicleId + "/plate")
                .then().statusCode(201).extract().jsonPath();
        return new String[] {vehicleId, plate.getString("plateNumber"), plate.getString("qrPayload")};
    }

    public String openTradeIn(Dealer dealer, Owner owner, String oldVehicleId) {
        return as(token(dealer)).body(Map.of("oldVehicleId", oldVehicleId, "ownerId", owner.id()))
                .post("/api/trade-ins").then().statusCode(201).extract().path("id");
    }

    /** Open, recycle, register and plate the new bike, record it: everything but completion. */
    public TradeIn readyTradeIn(Dealer dealer, Owner owner, String oldVehicleId) {
        String id = openTradeIn(dealer, owner, oldVehicleId);
        as(token(dealer)).body(Map.of("recyclingReceiptNo", Ids.receipt(), "batteryReturned", true))
                .post("/api/trade-ins/" + id + "/recycling").then().statusCode(200);
        String[] bike = newPlatedBike(dealer, owner);
        as(token(dealer)).body(Map.of("newVehicleId", bike[0]))
                .post("/api/trade-ins/" + id + "/new-vehicle").then().statusCode(200);
        return new TradeIn(id, oldVehicleId, bike[0], bike[1], bike[2], null);
    }

    public Response complete(Dealer dealer, String tradeInId) {
        return as(token(dealer)).post("/api/trade-ins/" + tradeInId + "/completion");
    }

    /** A whole trade-in: a new owner with a filed bike, through completion. */
    public TradeIn completedTradeIn(Dealer dealer) {
        Owner owner = owner(dealer);
        String old = filedBike(owner);
        TradeIn t = readyTradeIn(dealer, owner, old);
        String completedAt = complete(dealer, t.id()).then().statusCode(200).extract().path("completedAt");
        return new TradeIn(t.id(), t.oldVehicleId(), t.newVehicleId(), t.newPlateNumber(), t.newQrPayload(),
                Instant.parse(completedAt));
    }

    // --- dealer supervision (issue 14) --------------------------------------------------------------
    public static final List<String> CHECKLIST = List.of("CCC_CERTIFIED", "WITHIN_REGISTERED_SCOPE", "NO_MODIFICATION",
            "NO_TRADEMARK_INFRINGEMENT", "PRICES_MARKED", "NO_PRICE_GOUGING", "COMMITMENT_DISPLAYED");

    /** An inspection an hour ago with every checklist item, all passed except {@code failed}; no samples. */
    public static Map<String, Object> inspection(List<String> failed) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String code : CHECKLIST) {
            items.add(Map.of("code", code, "passed", !failed.contains(code), "note", failed.contains(code) ? "现场发现问题" : ""));
        }
        return Map.of("inspectedAt", Instant.now().minusSeconds(3600).toString(), "inspector", "市场监管所 检查组",
                "items", items, "samples", List.of());
    }

    // --- subsidy views ------------------------------------------------------------------------
    /** Subsidies of a campaign, all pages, as the regulator sees them. */
    public List<Map<String, Object>> subsidies(String campaignId) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonPath j = as(regulator()).queryParam("campaignId", campaignId).queryParam("page", page)
                    .queryParam("size", 200).get("/api/subsidies").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = j.getList("items");
            all.addAll(items);
            if (items.size() < 200) {
                return all;
            }
        }
    }

    public JsonPath tradeIn(String id) {
        return as(regulator()).get("/api/trade-ins/" + id).then().statusCode(200).extract().jsonPath();
    }

    // --- drills on the services (internal endpoints, SERVICE token, never through the gateway) ---
    /** A fresh SERVICE token (client credentials of subsidy-service; they live 5 minutes), as SoakRun gets one. */
    public String serviceToken() {
        JsonPath j = anonymous().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", "subsidy-service")
                .formParam("client_secret", suite.envValue("SUBSIDY_CLIENT_SECRET"))
                .post("/api/auth/token").then().statusCode(200).extract().jsonPath();
        String token = j.getString("access_token");
        return token != null ? token : j.getString("accessToken");
    }

    /**
     * The sandbox payout operator's behaviour ({@code latencyMs}, {@code failureRate}, {@code lostAnswerRate}; a
     * missing knob keeps its value): PUT {subsidy}/sandbox/behaviour with a SERVICE token, as SoakRun does. The
     * suite starts subsidy with PAYOUT_SANDBOX_CONTROL=true.
     */
    public static void payoutSandbox(Map<String, Object> behaviour) {
        Api api = current;
        given().baseUri(api.suite.url(Suite.Service.SUBSIDY)).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + api.serviceToken()).body(behaviour)
                .put("/sandbox/behaviour").then().statusCode(200);
    }

    /**
     * Moves the business clock of registration, tradein and subsidy to {@code at} (it runs on from there): PUT
     * /test/clock on each (EBIKE_TEST_CLOCK=true in the suite). {@code null}: back to the system clock.
     */
    public void clock(Instant at) {
        for (Suite.Service s : List.of(Suite.Service.REGISTRATION, Suite.Service.TRADEIN, Suite.Service.SUBSIDY)) {
            RequestSpecification r = given().baseUri(suite.url(s)).contentType(ContentType.JSON)
                    .header("Authorization", "Bearer " + serviceToken());
            if (at == null) {
                r.delete("/test/clock").then().statusCode(200);
            } else {
                r.body(Map.of("now", at.toString())).put("/test/clock").then().statusCode(200);
            }
        }
    }

    // --- waiting ------------------------------------------------------------------------------
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Suite.sleep(300);
        }
    }

    /** A 2xx or the given status, for REST Assured matchers. */
    public static org.hamcrest.Matcher<Integer> statusIn(Integer... statuses) {
        List<org.hamcrest.Matcher<? super Integer>> m = new ArrayList<>();
        for (Integer s : statuses) {
            m.add(is(s));
        }
        return anyOf(m);
    }
}
