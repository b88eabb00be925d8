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

    private static JsonPath stats(Api api, String path, Map<String, ?> query) {
        return api.as(api.regulator()).queryParams(query).get(path).then().statusCode(200).extract().jsonPath();
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
        byte[] csv = api.as(api.regulator()).queryParam("groupBy", "district").queryParam("format", "csv")
                .get("/api/stats/completion").then().statusCode(200).extract().asByteArray();
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains(east + "," + east + ",");

        // and every service's audit chain is intact
        List<Map<String, Object>> audit = stats(api, "/api/stats/audit", Map.of()).getList("$");
        assertThat(audit).extracting(a -> a.get("service")).containsExactlyInAnyOrder(
                "registration-service", "tradein-service", "subsidy-service");
        assertThat(audit).allSatisfy(a -> assertThat(a.get("intact")).as(String.valueOf(a)).isEqualTo(true));
        // trade-ins completed within minutes of opening are signals for the regulator; every service answered
        io.restassured.response.ExtractableResponse<?> signals = api.as(api.regulator()).get("/api/stats/signals")
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

}
