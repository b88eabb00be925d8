package cn.ebike.gateway.stats;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The regulators' figures: each service answers its own part from its own tables (internal
 * {@code .../figures/...} endpoints), this class asks them in parallel, each bounded by the stats timeout, and
 * composes one answer. As in the overview, a service that fails or is late is named in {@code unavailable} and
 * its columns are null; a figure that rests on one service alone (a series) is a 503 instead.
 * Times are bucketed in China Standard Time; every bucket of the range is present, zeros included.
 */
@ApplicationScoped
public class FiguresService {

    private static final Logger LOG = Logger.getLogger(FiguresService.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String REGISTRATION = "registration-service";
    static final String TRADEIN = "tradein-service";
    static final String SUBSIDY = "subsidy-service";

    private final FigureApis.Registration registration;
    private final FigureApis.Tradein tradein;
    private final FigureApis.Subsidy subsidy;
    private final Duration timeout;

    private final AuditAnchors anchors;

    public FiguresService(@RestClient FigureApis.Registration registration, @RestClient FigureApis.Tradein tradein,
            @RestClient FigureApis.Subsidy subsidy, GatewayConfig config, AuditAnchors anchors) {
        this.anchors = anchors;
        this.registration = registration;
        this.tradein = tradein;
        this.subsidy = subsidy;
        this.timeout = config.stats().timeout();
    }

    // ------------------------------------------------------------------------------------------ completion

    public Uni<ObjectNode> completion(String bearer, String groupBy, String from, String to) {
        TimeRange range = TimeRange.parse(from, to);
        String by = groupBy == null || groupBy.isBlank() ? "district" : groupBy.trim();
        return switch (by) {
            case "district" -> completionByDistrict(bearer, range);
            case "dealer" -> completionByDealer(bearer, range);
            case "month" -> completionByMonth(bearer, range);
            default -> throw ApiException.invalid("groupBy", "must be one of district, dealer, month");
        };
    }

    private Uni<ObjectNode> completionByDistrict(String bearer, TimeRange range) {
        String f = iso(range.from());
        String t = iso(range.to());
        Uni<Optional<JsonNode>> vehicles = bounded(REGISTRATION, registration.districts(bearer, f, t, null));
        Uni<Optional<JsonNode>> tradeIns = bounded(TRADEIN, tradein.districts(bearer, f, t));
        return Uni.combine().all().unis(vehicles, tradeIns).with((v, ti) -> {
            Map<String, long[]> rows = new TreeMap<>();
            v.ifPresent(body -> body.path("rows").forEach(r -> {
                long[] row = rows.computeIfAbsent(r.path("district").asText(), k -> new long[3]);
                row[0] += r.path("filed").asLong();
                row[1] += r.path("scrapped").asLong();
            }));
            ti.ifPresent(body -> body.path("rows").forEach(r ->
                    rows.computeIfAbsent(r.path("district").asText(), k -> new long[3])[2]
                            += r.path("tradeInsCompleted").asLong()));
            ObjectNode out = F.objectNode();
            ArrayNode items = out.putArray("rows");
            long[] total = new long[3];
            rows.forEach((district, r) -> {
                items.add(completionRow(district, district, v.isPresent() ? r[0] : null, v.isPresent() ? r[1] : null,
                        ti.isPresent() ? r[2] : null));
                for (int i = 0; i < 3; i++) {
                    total[i] += r[i];
                }
            });
            out.set("total", completionRow(null, "合计", v.isPresent() ? total[0] : null,
                    v.isPresent() ? total[1] : null, ti.isPresent() ? total[2] : null));
            out.set("unavailable", unavailable(v.isEmpty() ? REGISTRATION : null, ti.isEmpty() ? TRADEIN : null));
            return out;
        });
    }

    /** Per dealer: the trade-ins it completed; its recycled old bikes as {@code scrapped}; filed bikes have no dealer. */
    private Uni<ObjectNode> completionByDealer(String bearer, TimeRange range) {
        // no median in this figure: tradein skips computing it
        return bounded(TRADEIN, tradein.dealers(bearer, iso(range.from()), iso(range.to()), null, false)).map(ti -> {
            ObjectNode out = F.objectNode();
            ArrayNode items = out.putArray("rows");
            long scrapped = 0;
            long completed = 0;
            if (ti.isPresent()) {
                for (JsonNode r : ti.get().path("rows")) {
                    long s = r.path("recycled").asLong();
                    long c = r.path("completed").asLong();
                    ObjectNode row = completionRow(r.path("dealerId").asText(), r.path("name").asText(), null, s, c);
                    row.put("district", r.path("district").asText());
                    items.add(row);
                    scrapped += s;
                    completed += c;
                }
            }
            out.set("total", completionRow(null, "合计", null, ti.isPresent() ? scrapped : null,
                    ti.isPresent() ? completed : null));
            out.set("unavailable", unavailable(ti.isEmpty() ? TRADEIN : null));
            return out;
        });
    }

    /**
     * Per calendar month (China time) of the range (default: the last twelve months): {@code filed} = the filed
     * bikes on record at the month's end, {@code scrapped} and {@code tradeInsCompleted} = within the month.
     */
    private Uni<ObjectNode> completionByMonth(String bearer, TimeRange asked) {
        Instant now = Instant.now();
        Instant to = asked.to() == null ? Interval.MONTH.next(Interval.MONTH.start(now)) : asked.to();
        Instant from = asked.from() == null
                ? Interval.MONTH.start(to.atZone(cn.ebike.common.validation.ChinaTime.ZONE).minusMonths(12).toInstant())
                : asked.from();
        TimeRange range = new TimeRange(from, to);
        List<Instant> months = Interval.MONTH.buckets(from, to);
        String f = iso(Interval.MONTH.start(from));
        String t = iso(to);
        Uni<Optional<JsonNode>> filed = bounded(REGISTRATION, registration.series(bearer, "filed", "month", f, t, null));
        Uni<Optional<JsonNode>> scrapped = bounded(REGISTRATION,
                registration.series(bearer, "scrapped", "month", f, t, null));
        Uni<Optional<JsonNode>> completed = bounded(TRADEIN,
                tradein.series(bearer, "tradeInsCompleted", "month", f, t, null));
        return Uni.combine().all().unis(filed, scrapped, completed).with((fi, sc, co) -> {
            boolean reg = fi.isPresent() && sc.isPresent();
            Map<Instant, Long> filedPer = points(fi);
            Map<Instant, Long> scrappedPer = points(sc);
            Map<Instant, Long> completedPer = points(co);
            long stock = 0;
            for (Map.Entry<Instant, Long> e : filedPer.entrySet()) {
                if (e.getKey().isBefore(months.get(0))) {
                    stock += e.getValue();
                }
            }
            ObjectNode out = F.objectNode();
            ArrayNode items = out.putArray("rows");
            long scrappedTotal = 0;
            long completedTotal = 0;
            for (Instant m : months) {
                stock += filedPer.getOrDefault(m, 0L);
                long s = scrappedPer.getOrDefault(m, 0L);
                long c = completedPer.getOrDefault(m, 0L);
                String key = m.atZone(cn.ebike.common.validation.ChinaTime.ZONE).toLocalDate().toString().substring(0, 7);
                ObjectNode row = completionRow(key, key, reg ? stock : null, reg ? s : null, co.isPresent() ? c : null);
                row.put("t", m.toString());
                items.add(row);
                scrappedTotal += s;
                completedTotal += c;
            }
            out.set("total", completionRow(null, "合计", reg ? stock : null, reg ? scrappedTotal : null,
                    co.isPresent() ? completedTotal : null));
            out.put("from", range.from().toString());
            out.put("to", range.to().toString());
            out.set("unavailable", unavailable(reg ? null : REGISTRATION, co.isEmpty() ? TRADEIN : null));
            return out;
        });
    }

    static ObjectNode completionRow(String key, String label, Long filed, Long scrapped, Long tradeInsCompleted) {
        ObjectNode row = F.objectNode();
        if (key == null) {
            row.putNull("key");
        } else {
            row.put("key", key);
        }
        row.put("label", label);
        putLong(row, "filed", filed);
        putLong(row, "scrapped", scrapped);
        if (filed == null || scrapped == null) {
            row.putNull("completionRate");
        } else {
            row.put("completionRate", rate(scrapped, filed));
        }
        putLong(row, "tradeInsCompleted", tradeInsCompleted);
        return row;
    }

    // ---------------------------------------------------------------------------------------------- series

    public static final List<String> METRICS = List.of("tradeInsCompleted", "platesIssued", "subsidiesGranted",
            "subsidiesPaid", "fenPaid");

    public Uni<ObjectNode> series(String bearer, String metric, String interval, String from, String to,
            String district) {
        if (metric == null || !METRICS.contains(metric)) {
            throw ApiException.invalid("metric", "must be one of " + String.join(", ", METRICS));
        }
        Interval i = Interval.parse(interval, "interval", Interval.DAY, Interval.DAY, Interval.WEEK);
        TimeRange range = TimeRange.parse(from, to).orLast(i == Interval.DAY ? 30 : 84, Instant.now());
        List<Instant> buckets = i.buckets(range.from(), range.to());
        String f = iso(i.start(range.from()));
        String t = iso(range.to());
        String d = blank(district);
        String service;
        Uni<JsonNode> call;
        switch (metric) {
            case "tradeInsCompleted" -> {
                service = TRADEIN;
                call = tradein.series(bearer, metric, i.sqlUnit(), f, t, d);
            }
            case "platesIssued" -> {
                service = REGISTRATION;
                call = registration.series(bearer, metric, i.sqlUnit(), f, t, d);
            }
            default -> {
                service = SUBSIDY;
                call = subsidy.series(bearer, metric, i.sqlUnit(), f, t, d);
            }
        }
        return bounded(service, call).map(answer -> {
            if (answer.isEmpty()) {
                throw ApiException.unavailable(service + " did not answer; try again shortly.");
            }
            Map<Instant, Long> values = points(answer);
            ObjectNode out = F.objectNode();
            out.put("metric", metric);
            out.put("interval", i.sqlUnit());
            if (d != null) {
                out.put("district", d);
            }
            out.put("from", buckets.isEmpty() ? range.from().toString() : buckets.get(0).toString());
            out.put("to", range.to().toString());
            ArrayNode points = out.putArray("points");
            for (Instant b : buckets) {
                points.addObject().put("t", b.toString()).put("value", values.getOrDefault(b, 0L));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------------------------------------- funnel

    public Uni<ObjectNode> funnel(String bearer, String campaignId, String district) {
        String c = blank(campaignId);
        if (c != null && cn.ebike.common.ids.Ids.parse(c).isEmpty()) {
            throw ApiException.invalid("campaignId", "must be a UUID");
        }
        String d = blank(district);
        Uni<Optional<JsonNode>> filed = bounded(REGISTRATION, registration.funnel(bearer, d));
        Uni<Optional<JsonNode>> steps = bounded(TRADEIN, tradein.funnel(bearer, d));
        Uni<Optional<JsonNode>> money = bounded(SUBSIDY, subsidy.funnel(bearer, c, d));
        return Uni.combine().all().unis(filed, steps, money).with((fi, st, mo) -> {
            ObjectNode out = F.objectNode();
            putLong(out, "filed", fi.map(n -> n.path("filed").asLong()).orElse(null));
            for (String step : List.of("tradeInsOpened", "recycled", "newVehicleRecorded", "completed")) {
                putLong(out, step, st.map(n -> n.path(step).asLong()).orElse(null));
            }
            putLong(out, "granted", mo.map(n -> n.path("granted").asLong()).orElse(null));
            putLong(out, "paid", mo.map(n -> n.path("paid").asLong()).orElse(null));
            out.set("unavailable", unavailable(fi.isEmpty() ? REGISTRATION : null, st.isEmpty() ? TRADEIN : null,
                    mo.isEmpty() ? SUBSIDY : null));
            return out;
        });
    }

    // --------------------------------------------------------------------------------------------- dealers

    static final List<String> DEALER_SORTS = List.of("name", "district", "completed", "open", "cancelled",
            "medianHoursToComplete", "cancellationRate", "granted", "creditGrade", "signals");

    /**
     * Every dealer with its trade-ins (opened in the range), grants and credit grade (tradein's supervision; null
     * before a dealer's first grading) and the number of fraud signals whose subject is the dealer (null when a service
     * did not answer its signals: a partial count would look like a clean record). {@code sort} is a column, {@code -}
     * in front for descending (default {@code -completed}); nulls last.
     */
    public Uni<ObjectNode> dealers(String bearer, String sort, long page, int size, String from, String to,
            String district) {
        TimeRange range = TimeRange.parse(from, to);
        String s = sort == null || sort.isBlank() ? "-completed" : sort.trim();
        boolean desc = s.startsWith("-");
        String column = desc ? s.substring(1) : s;
        if (!DEALER_SORTS.contains(column)) {
            throw ApiException.invalid("sort", "must be one of " + String.join(", ", DEALER_SORTS)
                    + ", with - in front for descending");
        }
        Uni<Optional<JsonNode>> trade = bounded(TRADEIN, tradein.dealers(bearer, iso(range.from()), iso(range.to()),
                blank(district), null));
        Uni<Optional<JsonNode>> grants = bounded(SUBSIDY, subsidy.dealers(bearer));
        return Uni.combine().all().unis(trade, grants, signals(bearer)).with((tr, gr, sig) -> {
            Map<String, Long> signalsPerDealer = new HashMap<>();
            sig.signals().forEach(n -> signalsPerDealer.merge(n.path("subject").asText(), 1L, Long::sum));
            boolean signalsKnown = sig.unavailable().isEmpty();
            Map<String, JsonNode> granted = new HashMap<>();
            gr.ifPresent(body -> body.path("rows").forEach(r -> granted.put(r.path("dealerId").asText(), r)));
            List<ObjectNode> rows = new ArrayList<>();
            if (tr.isPresent()) {
                for (JsonNode r : tr.get().path("rows")) {
                    ObjectNode row = F.objectNode();
                    String id = r.path("dealerId").asText();
                    row.put("dealerId", id);
                    row.put("name", r.path("name").asText());
                    row.put("district", r.path("district").asText());
                    long opened = r.path("opened").asLong();
                    row.put("opened", opened);
                    row.put("completed", r.path("completed").asLong());
                    row.put("open", r.path("open").asLong());
                    row.put("cancelled", r.path("cancelled").asLong());
                    row.set("medianHoursToComplete", r.path("medianHoursToComplete").isNumber()
                            ? r.get("medianHoursToComplete") : F.nullNode());
                    if (opened == 0) {
                        row.putNull("cancellationRate");
                    } else {
                        row.put("cancellationRate", rate(r.path("cancelled").asLong(), opened));
                    }
                    if (gr.isPresent()) {
                        JsonNode g = granted.get(id);
                        row.put("granted", g == null ? 0 : g.path("granted").asLong());
                        row.put("grantedFen", g == null ? 0 : g.path("grantedFen").asLong());
                        row.put("paid", g == null ? 0 : g.path("paid").asLong());
                    } else {
                        row.putNull("granted");
                        row.putNull("grantedFen");
                        row.putNull("paid");
                    }
                    JsonNode grade = r.path("creditGrade");
                    if (grade.isTextual()) {
                        row.put("creditGrade", grade.asText());
                    } else {
                        row.putNull("creditGrade");
                    }
                    if (signalsKnown) {
                        row.put("signals", signalsPerDealer.getOrDefault(id, 0L));
                    } else {
                        row.putNull("signals");
                    }
                    rows.add(row);
                }
            }
            Comparator<ObjectNode> byColumn = (a, b) -> compare(a.get(column), b.get(column), desc);
            rows.sort(byColumn.thenComparing(n -> n.path("name").asText()).thenComparing(n -> n.path("dealerId").asText()));
            ObjectNode out = F.objectNode();
            ArrayNode items = out.putArray("items");
            long offset = page * size;
            for (long i = offset; i < rows.size() && i - offset < size; i++) {
                items.add(rows.get((int) i));
            }
            out.put("page", page);
            out.put("size", size);
            out.put("total", rows.size());
            out.put("sort", s);
            ArrayNode missing = unavailable(tr.isEmpty() ? TRADEIN : null, gr.isEmpty() ? SUBSIDY : null);
            for (String service : sig.unavailable()) {
                boolean listed = false;
                for (JsonNode m : missing) {
                    listed |= m.asText().equals(service);
                }
                if (!listed) {
                    missing.add(service);
                }
            }
            out.set("unavailable", missing);
            return out;
        });
    }

    /** Nulls last whatever the direction; numbers as numbers, text as text. */
    static int compare(JsonNode a, JsonNode b, boolean desc) {
        boolean an = a == null || a.isNull();
        boolean bn = b == null || b.isNull();
        if (an || bn) {
            return an == bn ? 0 : an ? 1 : -1;
        }
        int c = a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue())
                : a.asText().compareTo(b.asText());
        return desc ? -c : c;
    }

    // ----------------------------------------------------------------------------------------------- audit

    /**
     * Each service's audit chain, one entry per service: {@code {"service","entries","intact","firstBrokenAt",...}}
     * as the service reports it (plus {@code "unavailable": false}); a service that does not answer is listed
     * with {@code intact} null and {@code "unavailable": true}. The gateway's own chain follows as {@code gateway};
     * each entry carries {@code anchoredEntries}/{@code anchoredAt} and is judged against its anchor
     * ({@link AuditAnchors}).
     */
    public Uni<ArrayNode> audit(String bearer) {
        Uni<Optional<JsonNode>> r = bounded(REGISTRATION, registration.audit(bearer));
        Uni<Optional<JsonNode>> t = bounded(TRADEIN, tradein.audit(bearer));
        Uni<Optional<JsonNode>> s = bounded(SUBSIDY, subsidy.audit(bearer));
        return Uni.combine().all().unis(r, t, s).with((ra, ta, sa) -> {
            ArrayNode services = F.arrayNode();
            String[] names = {REGISTRATION, TRADEIN, SUBSIDY};
            List<Optional<JsonNode>> answers = List.of(ra, ta, sa);
            for (int i = 0; i < names.length; i++) {
                if (answers.get(i).isPresent() && answers.get(i).get().isObject()) {
                    ObjectNode a = ((ObjectNode) answers.get(i).get()).deepCopy();
                    a.put("service", names[i]);
                    a.put("unavailable", false);
                    services.add(a);
                } else {
                    ObjectNode missing = services.addObject();
                    missing.put("service", names[i]);
                    missing.putNull("entries");
                    missing.putNull("intact");
                    missing.putNull("firstBrokenAt");
                    missing.put("unavailable", true);
                }
            }
            return services;
        }).emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()).map(services -> {
            // the gateway's own chain (dealer API clients' audit), then every chain judged against its anchor
            ObjectNode own = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(anchors.own());
            own.put("service", AuditAnchors.GATEWAY);
            own.put("unavailable", false);
            services.add(own);
            services.forEach(n -> anchors.apply((ObjectNode) n));
            return services;
        });
    }

    // --------------------------------------------------------------------------------------------- signals

    /** The fraud signals of the three services together, and the services that did not answer. */
    public record Signals(ArrayNode signals, List<String> unavailable) {
    }

    /**
     * Each service's fraud signals ({@code [{"type","subject","evidence","firstSeen","count"}]}), asked in
     * parallel and merged, newest first. The body stays the bare array of API.md; a service that does not
     * answer is named in {@link #unavailable} (the resource sends it as {@code X-Unavailable-Services}), its
     * signals are simply absent.
     */
    public Uni<Signals> signals(String bearer) {
        Uni<Optional<JsonNode>> r = bounded(REGISTRATION, registration.signals(bearer));
        Uni<Optional<JsonNode>> t = bounded(TRADEIN, tradein.signals(bearer));
        Uni<Optional<JsonNode>> s = bounded(SUBSIDY, subsidy.signals(bearer));
        return Uni.combine().all().unis(r, t, s).with((ra, ta, sa) -> {
            String[] names = {REGISTRATION, TRADEIN, SUBSIDY};
            List<Optional<JsonNode>> answers = List.of(ra, ta, sa);
            List<JsonNode> all = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                if (answers.get(i).isPresent() && answers.get(i).get().isArray()) {
                    answers.get(i).get().forEach(all::add);
                } else {
                    missing.add(names[i]);
                }
            }
            all.sort(Comparator.comparing((JsonNode n) -> n.path("firstSeen").asText(), Comparator.reverseOrder())
                    .thenComparing(n -> n.path("type").asText()).thenComparing(n -> n.path("subject").asText()));
            ArrayNode out = F.arrayNode();
            all.forEach(out::add);
            return new Signals(out, missing);
        });
    }

    // --------------------------------------------------------------------------------------------- helpers

    static BigDecimal rate(long part, long whole) {
        if (whole <= 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private static void putLong(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static Map<Instant, Long> points(Optional<JsonNode> answer) {
        Map<Instant, Long> values = new TreeMap<>();
        answer.ifPresent(body -> body.path("points").forEach(p -> values.merge(Instant.parse(p.path("t").asText()),
                p.path("value").asLong(), Long::sum)));
        return values;
    }

    private static ArrayNode unavailable(String... services) {
        ArrayNode out = F.arrayNode();
        for (String s : services) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The call bounded by the stats timeout; a failure or a late answer is "unavailable". At DEBUG
     * ({@code quarkus.log.category."cn.ebike.gateway.stats".level=DEBUG}) each call's time is logged, so the share
     * of a figure's time spent in each service can be read off (README, "Figures benchmark").
     */
    private <T> Uni<Optional<T>> bounded(String service, Uni<T> call) {
        long[] started = new long[1];
        return call.onSubscription().invoke(() -> started[0] = System.nanoTime())
                .ifNoItem().after(timeout).fail()
                .invoke(() -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("figures: %s answered in %.1f ms", service, (System.nanoTime() - started[0]) / 1e6);
                    }
                })
                .map(Optional::of)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("figures: %s did not answer: %s", service, e.toString());
                    return Optional.empty();
                });
    }
}
