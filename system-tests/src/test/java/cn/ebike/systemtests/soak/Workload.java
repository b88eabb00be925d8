package cn.ebike.systemtests.soak;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.soak.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A day at the district, at a fixed offered rate (open model: an operation is started every 1/rate seconds
 * whether or not the earlier ones have finished): dealers move trade-ins along (owner, filed bike, open, recycle,
 * new bike, plate, record, complete), owners sign in, read and bind wallets (which starts payouts), inspectors
 * verify plates, a regulator reads the figures. A failed step (503, no connection, timeout) is retried later with
 * the same Idempotency-Key; a 409 on a retry is resolved by reading the trade-in.
 */
final class Workload implements AutoCloseable {

    /** One trade-in on its way through the shop. */
    static final class Unit {
        final Api.Dealer dealer;
        final String name = Ids.name();
        final String idNumber = Ids.idNumber();
        final String phone = Ids.phone();
        // what a retry sends again must be the same body (same Idempotency-Key, same request)
        final String filedFrame = Ids.filedFrame();
        final String filedMotor = "M" + Ids.next();
        final String newFrame = Ids.compliantFrame();
        final String newMotor = "M" + Ids.next();
        final String ccc = Ids.ccc();
        final String receipt = Ids.receipt();
        final Map<Integer, String> keys = new ConcurrentHashMap<>();
        int step;
        int retries;
        String ownerId;
        String oldVehicleId;
        String tradeInId;
        String newVehicleId;
        String plateNumber;
        String qrPayload;
        volatile String ownerToken;
        volatile boolean walletBound;

        Unit(Api.Dealer dealer) {
            this.dealer = dealer;
        }

        String key(int step) {
            return keys.computeIfAbsent(step, s -> "soak-" + UUID.randomUUID());
        }

        String walletId() {
            return "0021" + UUID.nameUUIDFromBytes(idNumber.getBytes()).toString().replace("-", "").substring(0, 14).toUpperCase();
        }
    }

    private final String gw;
    private final Http http;
    private final Api api;
    private final List<Api.Dealer> dealers;
    private final Map<String, String> dealerTokens = new ConcurrentHashMap<>();
    private volatile String regulatorToken;
    private final String regulatorPassword;
    private final String campaignId;
    private final ConcurrentLinkedQueue<Unit> inProgress = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    final List<Unit> completed = new CopyOnWriteArrayList<>();
    final AtomicLong started = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    final AtomicLong operations = new AtomicLong();
    final Map<String, String> abandonReasons = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers;
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxQueued;

    Workload(String gatewayUrl, Http http, Api api, List<Api.Dealer> dealers, String campaignId, int workerThreads) {
        this.gw = gatewayUrl;
        this.http = http;
        this.api = api;
        this.dealers = dealers;
        this.campaignId = campaignId;
        this.workers = Executors.newFixedThreadPool(workerThreads);
        this.maxQueued = workerThreads * 4;
        this.regulatorToken = api.regulator();
        this.regulatorPassword = api.regulatorPassword();
    }

    void start(double ratePerSecond) {
        long periodMicros = (long) (1_000_000 / ratePerSecond);
        ticker.scheduleAtFixedRate(this::offer, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void offer() {
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            shed.incrementAndGet(); // the suite is so slow that the client side would only pile up
            return;
        }
        workers.execute(() -> {
            try {
                operations.incrementAndGet();
                one();
            } catch (RuntimeException | AssertionError e) {
                abandonReasons.putIfAbsent("driver: " + e.toString().lines().findFirst().orElse(""), "");
            } finally {
                queued.decrementAndGet();
            }
        });
    }

    private void one() {
        int r = ThreadLocalRandom.current().nextInt(100);
        if (r < 55) {
            dealerStep();
        } else if (r < 70) {
            ownerReads();
        } else if (r < 80) {
            bindWallet();
        } else if (r < 90) {
            verifyPlate();
        } else {
            regulatorReads();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    private void dealerStep() {
        Unit u = inProgress.poll();
        if (u == null || active.get() < 12 && ThreadLocalRandom.current().nextInt(4) == 0) {
            if (u != null) {
                inProgress.add(u);
            }
            u = new Unit(dealers.get(ThreadLocalRandom.current().nextInt(dealers.size())));
            started.incrementAndGet();
            active.incrementAndGet();
        }
        boolean done;
        try {
            done = advance(u);
        } catch (Abandon a) {
            abandoned.incrementAndGet();
            active.decrementAndGet();
            abandonReasons.putIfAbsent(a.getMessage(), "");
            return;
        }
        if (done) {
            active.decrementAndGet();
            completed.add(u);
        } else {
            inProgress.add(u);
        }
    }

    private static final class Abandon extends RuntimeException {
        Abandon(String m) {
            super(m, null, false, false);
        }
    }

    /** One step of the unit; true when the trade-in is complete. */
    private boolean advance(Unit u) {
        String dt = dealerToken(u.dealer);
        if (dt == null) {
            return false; // the gateway is down: try again later
        }
        Resp r;
        switch (u.step) {
            case 0 -> {
                r = http.call("POST /api/owners", "POST", gw + "/api/owners", dt,
                        Map.of("name", u.name, "idNumber", u.idNumber, "phone", u.phone), u.key(0));
                if (r.ok()) {
                    u.ownerId = r.text("id");
                    u.step++;
                }
            }
            case 1 -> {
                r = http.call("POST /api/vehicles (filed)", "POST", gw + "/api/vehicles", regulatorToken, Map.of(
                        "frameNumber", u.filedFrame, "motorNumber", u.filedMotor, "brand", "老款", "model", "X1",
                        "category", "NON_STANDARD_FILED", "batteryType", "LEAD_ACID", "ownerId", u.ownerId,
                        "filedAt", "2024-03-01T00:00:00Z"), u.key(1));
                if (r.ok()) {
                    u.oldVehicleId = r.text("id");
                    u.step++;
                }
            }
            case 2 -> {
                r = http.call("POST /api/trade-ins", "POST", gw + "/api/trade-ins", dt,
                        Map.of("oldVehicleId", u.oldVehicleId, "ownerId", u.ownerId), u.key(2));
                if (r.ok()) {
                    u.tradeInId = r.text("id");
                    u.step++;
                }
            }
            case 3 -> {
                r = http.call("POST /api/trade-ins/{id}/recycling", "POST", gw + "/api/trade-ins/" + u.tradeInId + "/recycling", dt,
                        Map.of("recyclingReceiptNo", u.receipt, "batteryReturned", true), null);
                if (r.ok() || r.status() == 409 && tradeIn(u).path("recycledAt").isTextual()) {
                    u.step++;
                    return false;
                }
            }
            case 4 -> {
                r = http.call("POST /api/vehicles (new)", "POST", gw + "/api/vehicles", dt, Map.of(
                        "frameNumber", u.newFrame, "motorNumber", u.newMotor, "brand", "雅迪", "model", "DE2",
                        "category", "COMPLIANT", "batteryType", "LITHIUM", "cccCertificate", u.ccc, "ownerId", u.ownerId), u.key(4));
                if (r.ok()) {
                    u.newVehicleId = r.text("id");
                    u.step++;
                }
            }
            case 5 -> {
                r = http.call("POST /api/vehicles/{id}/plate", "POST", gw + "/api/vehicles/" + u.newVehicleId + "/plate", dt, null, null);
                if (r.ok()) {
                    u.plateNumber = r.text("plateNumber");
                    u.qrPayload = r.text("qrPayload");
                    u.step++;
                } else if (r.status() == 409) { // issued by an earlier try whose answer was lost
                    Resp v = http.call("GET /api/vehicles/{id}", "GET", gw + "/api/vehicles/" + u.newVehicleId, dt, null, null);
                    String pn = v.text("plateNumber");
                    if (pn != null) {
                        Resp p = http.call("GET /api/plates/{plateNumber}", "GET", gw + "/api/plates/" + pn, dt, null, null);
                        if (p.ok()) {
                            u.plateNumber = pn;
                            u.qrPayload = p.text("qrPayload");
                            u.step++;
                        }
                    }
                    return false;
                }
            }
            case 6 -> {
                r = http.call("POST /api/trade-ins/{id}/new-vehicle", "POST", gw + "/api/trade-ins/" + u.tradeInId + "/new-vehicle", dt,
                        Map.of("newVehicleId", u.newVehicleId), null);
                if (r.ok() || r.status() == 409 && u.newVehicleId.equals(tradeIn(u).path("newVehicleId").asText())) {
                    u.step++;
                    return false;
                }
            }
            case 7 -> {
                r = http.call("POST /api/trade-ins/{id}/completion", "POST", gw + "/api/trade-ins/" + u.tradeInId + "/completion", dt, null, null);
                if (r.ok() || r.status() == 409 && "COMPLETED".equals(tradeIn(u).path("status").asText())) {
                    u.step++;
                    return true;
                }
            }
            default -> throw new IllegalStateException("step " + u.step);
        }
        if (r.ok()) {
            return false;
        }
        if (r.status() == 401) {
            dealerTokens.remove(u.dealer.id());
            return false;
        }
        if (r.status() >= 400 && r.status() < 500 && r.status() != 429 && r.status() != 408) {
            throw new Abandon("step " + u.step + " answered " + r.status() + ": " + (r.body() == null ? "" : r.body().substring(0, Math.min(200, r.body().length()))));
        }
        if (++u.retries > 200) {
            throw new Abandon("step " + u.step + " kept failing (" + r.status() + ")");
        }
        return false;
    }

    private com.fasterxml.jackson.databind.JsonNode tradeIn(Unit u) {
        return http.call("GET /api/trade-ins/{id}", "GET", gw + "/api/trade-ins/" + u.tradeInId, dealerToken(u.dealer), null, null).json();
    }

    private String dealerToken(Api.Dealer d) {
        return dealerTokens.computeIfAbsent(d.id(), k -> {
            Resp r = http.call("POST /api/auth/login", "POST", gw + "/api/auth/login", null,
                    Map.of("username", d.username(), "password", d.password()), null);
            return r.ok() ? r.text("accessToken") : null;
        });
    }

    // ---------------------------------------------------------------------------------------------------
    private Unit someCompleted() {
        List<Unit> c = completed;
        return c.isEmpty() ? null : c.get(ThreadLocalRandom.current().nextInt(c.size()));
    }

    private String ownerToken(Unit u) {
        String t = u.ownerToken;
        if (t != null) {
            return t;
        }
        Resp code = http.call("POST /api/auth/owner/code", "POST", gw + "/api/auth/owner/code", null, Map.of("phone", u.phone), null);
        if (!code.ok()) {
            return null;
        }
        Resp login = http.call("POST /api/auth/owner/login", "POST", gw + "/api/auth/owner/login", null,
                Map.of("phone", u.phone, "code", code.text("devCode")), null);
        if (!login.ok()) {
            return null;
        }
        u.ownerToken = login.text("accessToken");
        return u.ownerToken;
    }

    private void ownerReads() {
        Unit u = someCompleted();
        if (u == null) {
            regulatorReads();
            return;
        }
        String t = ownerToken(u);
        if (t == null) {
            return;
        }
        Resp r = http.call("GET /api/subsidies/me", "GET", gw + "/api/subsidies/me", t, null, null);
        http.call("GET /api/trade-ins (owner)", "GET", gw + "/api/trade-ins", t, null, null);
        if (r.status() == 401) {
            u.ownerToken = null;
        }
    }

    private void bindWallet() {
        Unit u = null;
        for (Unit c : completed) {
            if (!c.walletBound && Math.abs(c.idNumber.hashCode()) % 10 != 0) { // one owner in ten never binds one
                u = c;
                break;
            }
        }
        if (u == null) {
            ownerReads();
            return;
        }
        String t = ownerToken(u);
        if (t == null) {
            return;
        }
        Resp r = http.call("PUT /api/subsidies/wallet", "PUT", gw + "/api/subsidies/wallet", t, Map.of("walletId", u.walletId()), null);
        if (r.ok()) {
            u.walletBound = true;
        } else if (r.status() == 401) {
            u.ownerToken = null;
        }
    }

    private void verifyPlate() {
        Unit u = someCompleted();
        if (u == null || u.qrPayload == null) {
            regulatorReads();
            return;
        }
        http.call("POST /api/plates/verify", "POST", gw + "/api/plates/verify", null, Map.of("qrPayload", u.qrPayload), null);
    }

    private void regulatorReads() {
        Resp r;
        if (ThreadLocalRandom.current().nextBoolean()) {
            r = http.call("GET /api/stats/overview", "GET", gw + "/api/stats/overview", regulatorToken, null, null);
        } else {
            r = http.call("GET /api/campaigns/{id}/stats", "GET", gw + "/api/campaigns/" + campaignId + "/stats", regulatorToken, null, null);
        }
        if (r.status() == 401) {
            Resp login = http.call("POST /api/auth/login", "POST", gw + "/api/auth/login", null,
                    Map.of("username", "regulator", "password", regulatorPassword), null);
            if (login.ok()) {
                regulatorToken = login.text("accessToken");
            }
        }
    }

    /** Owners of completed trade-ins who meant to bind a wallet and have not yet: done now, faults over. */
    List<Unit> walletsPending() {
        List<Unit> out = new ArrayList<>();
        for (Unit c : completed) {
            if (!c.walletBound && Math.abs(c.idNumber.hashCode()) % 10 != 0) {
                out.add(c);
            }
        }
        return out;
    }

    void bindAllPending() {
        for (Unit u : walletsPending()) {
            for (int i = 0; i < 5 && !u.walletBound; i++) {
                String t = ownerToken(u);
                if (t != null) {
                    Resp r = http.call("PUT /api/subsidies/wallet", "PUT", gw + "/api/subsidies/wallet", t, Map.of("walletId", u.walletId()), null);
                    u.walletBound = r.ok();
                    if (r.status() == 401) {
                        u.ownerToken = null;
                    }
                }
            }
        }
    }

    int activeUnits() {
        return active.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
