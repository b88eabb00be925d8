package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Figures that prove themselves: a known world across two districts and three dealers, then every regulators'
 * figure is compared with a count over the records listed through the public API (vehicles, trade-ins,
 * subsidies), not with numbers this test remembers.
 */
@Order(7)
@ExtendWith(SuiteExtension.class)
class FiguresProveThemselvesTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private String filedBike(Api api, Owner owner, String district) {
        return api.as(api.regulator()).body(Map.of(
                        "frameNumber", Ids.filedFrame(), "motorNumber", "M" + Ids.next(), "brand", "老款",
                        "model", "X1", "category", "NON_STANDARD_FILED", "batteryType", "LEAD_ACID",
                        "ownerId", owner.id(), "filedAt", "2024-03-01T00:00:00Z", "district", district))
                .post("/api/vehicles").then().statusCode(201).extract().path("id");
    }

    private static long total(Api api, String path, Map<String, ?> query) {
        return api.as(api.regulator()).queryParams(query).queryParam("size", 1).get(path).then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    /** A figure read right after the writes: past the gateway's figures cache. */
    private static JsonPath stats(Api api, String path, Map<String, ?> query) {
        return api.as(api.regulator()).header("Cache-Control", "no-cache").queryParams(query).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyFigureEqualsACountOverTheListedRecords(Api api) {
        String suffix = Ids.receipt();
        String east = "东湖区" + suffix;
        String south = "南山区" + suffix;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaign = api.campaign(east, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("本期", now.minus(1, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 30_000, 40)));
        Dealer e1 = api.dealer(east, true);
        Dealer e2 = api.dealer(east, true);
        Dealer s1 = api.dealer(south, true);

        // the world: 4 filed bikes in the east, 3 in the south; trade-ins: e1 2 completed, e2 1 completed and
        // 1 cancelled, s1 1 completed and 1 left open (recycled)
        List<String> completed = new ArrayList<>();
        for (Dealer d : List.of(e1, e1, e2, s1)) {
            Owner o = api.owner(d);
            TradeIn t = api.readyTradeIn(d, o, filedBike(api, o, d.district()));
            api.complete(d, t.id()).then().statusCode(200);
            completed.add(t.id());
        }
        Owner cancelledOwner = api.owner(e2);
        String cancelled = api.openTradeIn(e2, cancelledOwner, filedBike(api, cancelledOwner, east));
        api.as(api.token(e2)).body(Map.of("reason", "车主改变主意")).post("/api/trade-ins/" + cancelled + "/cancellation")
                .then().statusCode(200);
        Owner openOwner = api.owner(s1);
        String open = api.openTradeIn(s1, openOwner, filedBike(api, openOwner, south));
        api.as(api.token(s1)).body(Map.of("recyclingReceiptNo", Ids.receipt(), "batteryReturned", true))
                .post("/api/trade-ins/" + open + "/recycling").then().statusCode(200);
        Owner idle = api.owner(s1);
        filedBike(api, idle, east);
        filedBike(api, idle, south);
        for (String id : completed) {
            Api.await("claim of " + id, Duration.ofSeconds(60),
                    () -> Boolean.TRUE.equals(api.tradeIn(id).getBoolean("claimDelivered")));
        }

        // completion by district = counts over GET /api/vehicles and GET /api/trade-ins
        List<Map<String, Object>> rows = stats(api, "/api/stats/completion", Map.of("groupBy", "district"))
                .getList("rows");
        for (String district : List.of(east, south)) {
            Map<String, Object> row = rows.stream().filter(r -> district.equals(r.get("key"))).findFirst().orElseThrow();
            long filed = total(api, "/api/vehicles", Map.of("category", "NON_STANDARD_FILED", "district", district));
            long scrapped = total(api, "/api/vehicles", Map.of("category", "NON_STANDARD_FILED", "district", district,
                    "status", "SCRAPPED"));
            long done = 0;
            for (Dealer d : List.of(e1, e2, s1)) {
                if (d.district().equals(district)) {
                    done += total(api, "/api/trade-ins", Map.of("dealerId", d.id(), "status", "COMPLETED"));
                }
            }
            assertThat(((Number) row.get("filed")).longValue()).as(district + " filed").isEqualTo(filed);
            assertThat(((Number) row.get("scrapped")).longValue()).as(district + " scrapped").isEqualTo(scrapped);
            assertThat(((Number) row.get("tradeInsCompleted")).longValue()).as(district + " completed").isEqualTo(done);
            assertThat(((Number) row.get("completionRate")).doubleValue())
                    .isCloseTo((double) scrapped / filed, org.assertj.core.api.Assertions.within(0.00005));
        }
        assertThat(total(api, "/api/vehicles", Map.of("category", "NON_STANDARD_FILED", "district", east))).isEqualTo(5);

        // per day (China time): trade-ins completed and plates issued in the east today
        String today = LocalDate.now(CHINA).toString();
        long eastCompleted = total(api, "/api/trade-ins", Map.of("dealerId", e1.id(), "status", "COMPLETED"))
                + total(api, "/api/trade-ins", Map.of("dealerId", e2.id(), "status", "COMPLETED"));
        JsonPath series = stats(api, "/api/stats/series", Map.of("metric", "tradeInsCompleted", "interval", "day",
                "from", LocalDate.now(CHINA).minusDays(6).toString(), "to", today, "district", east));
        assertThat(series.getList("points")).hasSize(7);
        assertThat(series.getList("points.value", Long.class)).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, eastCompleted);
        // the new bikes the east's dealers registered took their dealer's district
        long eastPlated = api.as(api.regulator()).queryParam("category", "COMPLIANT").queryParam("district", east)
                .queryParam("size", 200).get("/api/vehicles").then().statusCode(200).extract().jsonPath()
                .getList("items.plateNumber").stream().filter(p -> p != null).count();
        assertThat(eastPlated).isEqualTo(3);
        assertThat(stats(api, "/api/stats/series", Map.of("metric", "platesIssued", "from", today, "to", today,
                "district", east)).getList("points.value", Long.class)).containsExactly(eastPlated);

        // the funnel of the east = counts over trade-ins and the campaign's subsidies
        List<Map<String, Object>> subsidies = api.subsidies(campaign);
        long granted = subsidies.stream().filter(s -> !"REJECTED".equals(s.get("status"))).count();
        long paid = subsidies.stream().filter(s -> "PAID".equals(s.get("status"))).count();
        JsonPath funnel = stats(api, "/api/stats/funnel", Map.of("district", east, "campaignId", campaign));
        assertThat(funnel.getList("unavailable")).isEmpty();
        assertThat(funnel.getLong("filed")).isEqualTo(total(api, "/api/vehicles",
                Map.of("category", "NON_STANDARD_FILED", "district", east)));
        assertThat(funnel.getLong("tradeInsOpened")).isEqualTo(total(api, "/api/trade-ins", Map.of("dealerId", e1.id()))
                + total(api, "/api/trade-ins", Map.of("dealerId", e2.id())));
        assertThat(funnel.getLong("completed")).isEqualTo(eastCompleted);
        assertThat(funnel.getLong("granted")).isEqualTo(granted).isEqualTo(3);
        assertThat(funnel.getLong("paid")).isEqualTo(paid);

        // the dealer table: each of the three dealers' counts over its listed trade-ins and grants
        List<Map<String, Object>> table = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = stats(api, "/api/stats/dealers", Map.of("sort", "name", "page", page,
                    "size", 200)).getList("items");
            table.addAll(items);
            if (items.size() < 200) {
                break;
            }
        }
        for (Dealer d : List.of(e1, e2, s1)) {
            Map<String, Object> row = table.stream().filter(r -> d.id().equals(r.get("dealerId"))).findFirst().orElseThrow();
            for (String status : List.of("COMPLETED", "OPEN", "CANCELLED")) {
                assertThat(((Number) row.get(status.toLowerCase())).longValue()).as(d.district() + " " + status)
                        .isEqualTo(total(api, "/api/trade-ins", Map.of("dealerId", d.id(), "status", status)));
            }
            long dealerGrants = d == s1 ? 0 : subsidies.stream()
                    .filter(s -> !"REJECTED".equals(s.get("status")))
                    .filter(s -> completedBy(api, s, d)).count();
            assertThat(((Number) row.get("granted")).longValue()).as("grants of " + d.id()).isEqualTo(dealerGrants);
        }

        // the burn-down's last point = the campaign's grants; remaining = quota - grants
        JsonPath burn = stats(api, "/api/campaigns/" + campaign + "/burndown", Map.of("interval", "hour"));
        List<Map<String, Object>> points = burn.getList("phases[0].points");
        assertThat(points.get(points.size() - 1)).containsEntry("granted", (int) granted)
                .containsEntry("remaining", 40 - (int) granted);

        // the CSV carries the same rows, for Excel
        byte[] csv = api.as(api.regulator()).header("Cache-Control", "no-cache").queryParam("groupBy", "district").queryParam("format", "csv")
                .get("/api/stats/completion").then().statusCode(200).extract().asByteArray();
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains(east + "," + east + ",");

        // and every service's audit chain is intact
        List<Map<String, Object>> audit = stats(api, "/api/stats/audit", Map.of()).getList("$");
        assertThat(audit).extracting(a -> a.get("service")).containsExactlyInAnyOrder(
                "registration-service", "tradein-service", "subsidy-service", "gateway");
        assertThat(audit).allSatisfy(a -> assertThat(a.get("intact")).as(String.valueOf(a)).isEqualTo(true));
        // trade-ins completed within minutes of opening are signals for the regulator; every service answered
        io.restassured.response.ExtractableResponse<?> signals = api.as(api.regulator()).header("Cache-Control", "no-cache").get("/api/stats/signals")
                .then().statusCode(200).extract();
        assertThat(signals.header("X-Unavailable-Services")).isNull();
        List<Map<String, Object>> fast = signals.jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(x -> "FAST_COMPLETION".equals(x.get("type"))).toList();
        assertThat(fast).filteredOn(x -> e1.id().equals(x.get("subject"))).singleElement()
                .satisfies(x -> assertThat(x.get("count")).isEqualTo(2));
        assertThat(stats(api, "/api/stats/dealers", Map.of("district", east, "size", 50))
                .<Map<String, Object>>getList("items")).filteredOn(r -> e1.id().equals(r.get("dealerId")))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("signals")).intValue()).isPositive());
        Summary.line("figures that prove themselves: 2 districts, 3 dealers, %d trade-ins, %d grants; every figure "
                + "equals its count over the listed records", completed.size() + 2, granted);
    }

    private static boolean completedBy(Api api, Map<String, Object> subsidy, Dealer dealer) {
        return dealer.id().equals(api.tradeIn((String) subsidy.get("tradeInId")).getString("dealerId"));
    }


    /**
     * Four days with a controllable clock (each service's business clock, PUT /test/clock) and a payout that
     * fails: per day, trade-ins completed, plates issued, grants, payouts and fen paid equal counts over the
     * trade-ins, plates and subsidies listed through the public API, grouped by their own times in China time.
     */
    @Test
    void fourDaysWithAFailedPayoutPerDayEqualCountsOverTheListedRecords(Api api) {
        String west = "西溪区" + Ids.receipt();
        Instant realNow = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.now(CHINA);
        String campaign = api.campaign(west, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("四日", realNow.minus(5, ChronoUnit.DAYS), realNow.plus(3, ChronoUnit.HOURS), 25_000, 40)));
        Dealer d1 = api.dealer(west, true);
        Dealer d2 = api.dealer(west, true);
        List<TradeIn> done = new ArrayList<>();
        String failing = null;
        Api.payoutSandbox(Map.of("failureRate", 0.0, "lostAnswerRate", 0.0));
        try {
            // day 0: d1 completes one; day 1: d1 and d2 one each; day 2: d2 one whose payout fails;
            // day 3 (today): d1 completes one and d2 opens one it leaves open
            List<List<Dealer>> days = List.of(List.of(d1), List.of(d1, d2), List.of(d2), List.of(d1));
            for (int day = 0; day < 4; day++) {
                api.clock(realNow.minus(3 - day, ChronoUnit.DAYS));
                if (day == 2) {
                    Api.payoutSandbox(Map.of("failureRate", 1.0));
                }
                for (Dealer d : days.get(day)) {
                    Owner o = api.owner(d);
                    TradeIn t = api.readyTradeIn(d, o, filedBike(api, o, west));
                    api.complete(d, t.id()).then().statusCode(200);
                    done.add(t);
                    String want = day == 2 ? "FAILED" : "PAID";
                    if (day == 2) {
                        failing = t.id();
                    }
                    // the owner binds a wallet once the grant is there (without one nothing is paid)
                    Api.await("the grant of " + t.id(), Duration.ofSeconds(60), () -> api.subsidies(campaign)
                            .stream().anyMatch(s -> t.id().equals(s.get("tradeInId"))));
                    api.as(api.token(o)).body(Map.of("walletId", "0021" + Ids.ccc())).put("/api/subsidies/wallet")
                            .then().statusCode(200);
                    // the grant and its payout happen on this day's clock: wait for them before the next day
                    Api.await("subsidy of " + t.id() + " " + want, Duration.ofSeconds(150), () -> api.subsidies(campaign)
                            .stream().anyMatch(s -> t.id().equals(s.get("tradeInId")) && want.equals(s.get("status"))));
                }
                if (day == 2) {
                    Api.payoutSandbox(Map.of("failureRate", 0.0));
                }
            }
            Owner openOwner = api.owner(d2);
            api.openTradeIn(d2, openOwner, filedBike(api, openOwner, west));
        } finally {
            api.clock(null);
            // the suite's defaults for the other scenarios
            Api.payoutSandbox(Map.of("latencyMs", 20, "failureRate", 0.2, "lostAnswerRate", 0.1));
        }

        List<LocalDate> week = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            week.add(today.minusDays(i));
        }
        // the records, listed through the public API
        Map<LocalDate, Long> completedPerDay = new java.util.TreeMap<>();
        for (Dealer d : List.of(d1, d2)) {
            for (Object at : api.as(api.regulator()).queryParam("dealerId", d.id()).queryParam("status", "COMPLETED")
                    .queryParam("size", 200).get("/api/trade-ins").then().statusCode(200).extract().jsonPath()
                    .getList("items.completedAt")) {
                completedPerDay.merge(day(at), 1L, Long::sum);
            }
        }
        Map<LocalDate, Long> platesPerDay = new java.util.TreeMap<>();
        for (TradeIn t : done) {
            Object at = api.as(api.regulator()).get("/api/plates/" + t.newPlateNumber()).then().statusCode(200)
                    .extract().path("issuedAt");
            platesPerDay.merge(day(at), 1L, Long::sum);
        }
        List<Map<String, Object>> subsidies = api.subsidies(campaign);
        Map<LocalDate, Long> grantedPerDay = new java.util.TreeMap<>();
        Map<LocalDate, Long> paidPerDay = new java.util.TreeMap<>();
        Map<LocalDate, Long> fenPerDay = new java.util.TreeMap<>();
        for (Map<String, Object> s : subsidies) {
            if (!"REJECTED".equals(s.get("status"))) {
                grantedPerDay.merge(day(s.get("grantedAt")), 1L, Long::sum);
            }
            if ("PAID".equals(s.get("status"))) {
                paidPerDay.merge(day(s.get("paidAt")), 1L, Long::sum);
                fenPerDay.merge(day(s.get("paidAt")), ((Number) s.get("amountFen")).longValue(), Long::sum);
            }
        }
        String failed = failing;
        assertThat(subsidies).filteredOn(s -> "FAILED".equals(s.get("status"))).singleElement()
                .satisfies(s -> assertThat(s.get("tradeInId")).isEqualTo(failed));

        // the world spans the four days (the clock moved the facts' times): not all on today
        assertThat(perDay(completedPerDay, week)).containsExactly(0L, 0L, 0L, 1L, 2L, 1L, 1L);
        assertThat(perDay(paidPerDay, week)).containsExactly(0L, 0L, 0L, 1L, 2L, 0L, 1L);
        Map<String, Map<LocalDate, Long>> expected = new java.util.LinkedHashMap<>();
        expected.put("tradeInsCompleted", completedPerDay);
        expected.put("platesIssued", platesPerDay);
        expected.put("subsidiesGranted", grantedPerDay);
        expected.put("subsidiesPaid", paidPerDay);
        expected.put("fenPaid", fenPerDay);
        expected.forEach((metric, counts) -> {
            JsonPath series = stats(api, "/api/stats/series", Map.of("metric", metric, "interval", "day",
                    "from", week.get(0).toString(), "to", today.toString(), "district", west));
            assertThat(series.getList("points.value", Long.class)).as(metric + " per day")
                    .containsExactlyElementsOf(perDay(counts, week));
        });
        // the funnel: the failed payout is granted, not paid
        JsonPath funnel = stats(api, "/api/stats/funnel", Map.of("district", west, "campaignId", campaign));
        assertThat(funnel.getLong("granted")).isEqualTo(subsidies.stream()
                .filter(s -> !"REJECTED".equals(s.get("status"))).count()).isEqualTo(5);
        assertThat(funnel.getLong("paid")).isEqualTo(paidPerDay.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(4);
        Summary.line("figures over four days (controllable clock), one failed payout: completed %s, paid %s",
                perDay(completedPerDay, week), perDay(paidPerDay, week));
    }

    private static LocalDate day(Object instant) {
        return Instant.parse(String.valueOf(instant)).atZone(CHINA).toLocalDate();
    }

    private static List<Long> perDay(Map<LocalDate, Long> counts, List<LocalDate> days) {
        return days.stream().map(d -> counts.getOrDefault(d, 0L)).toList();
    }
}
