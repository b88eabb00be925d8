package cn.ebike.gateway.stats;

import cn.ebike.common.audit.AuditChain;
import cn.ebike.gateway.token.TokenIssuer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Anchors of the audit chains (issue 13). A hash chain shows an edited or removed entry in its middle, but
 * deleting the <em>newest</em> entries leaves a shorter chain that verifies. So every
 * {@code ebike.audit.anchor-every} ({@code AUDIT_ANCHOR_EVERY}, 60 s) the gateway asks each service's internal
 * audit check (a SERVICE token it signs itself) and checks its own chain (the dealer API clients'
 * {@code api_client_audit}, sealed here every second), and records each intact chain's length and head in its
 * own table {@code audit_anchors} — outside the services' databases. {@link #apply} then judges a chain against
 * its latest anchor: fewer entries than anchored, or another head at the anchored length, is a broken chain
 * ("the newest entries were deleted"). A chain longer than its anchor is judged by its own walk (the anchor
 * does not know the hash at its position beyond the head; the next anchor covers the new entries).
 */
@ApplicationScoped
public class AuditAnchors {

    private static final Logger LOG = Logger.getLogger(AuditAnchors.class);
    static final String GATEWAY = "gateway";

    /** The dealer API clients' audit: created, secrets added and revoked, changed, revoked. */
    public static final AuditChain CHAIN = new AuditChain(new AuditChain.Table(GATEWAY, "api_client_audit", "id",
            List.of("at", "client", "actor", "actor_role", "action", "secret_id", "detail")));

    public record Anchor(long entries, String head, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    private final TokenIssuer tokens;

    private final FigureApis.Registration registration;

    private final FigureApis.Tradein tradein;

    private final FigureApis.Subsidy subsidy;

    public AuditAnchors(DataSource dataSource, TokenIssuer tokens, @RestClient FigureApis.Registration registration,
            @RestClient FigureApis.Tradein tradein, @RestClient FigureApis.Subsidy subsidy) {
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.registration = registration;
        this.tradein = tradein;
        this.subsidy = subsidy;
    }

    @Scheduled(every = "${ebike.audit.seal-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void seal() {
        try {
            CHAIN.seal(dataSource);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("sealing the gateway's audit chain failed (next run retries): %s", e.toString());
        }
    }

    @Scheduled(every = "${ebike.audit.anchor-every}", delayed = "${ebike.audit.anchor-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        anchorNow();
    }

    /** Asks every chain now and anchors each intact one; returns the services anchored. */
    public List<String> anchorNow() {
        String bearer = "Bearer " + tokens.forService(GATEWAY).token();
        List<String> anchored = new java.util.ArrayList<>();
        Map<String, java.util.function.Supplier<JsonNode>> chains = new java.util.LinkedHashMap<>();
        chains.put(FiguresService.REGISTRATION, () -> registration.audit(bearer).await().atMost(Duration.ofSeconds(30)));
        chains.put(FiguresService.TRADEIN, () -> tradein.audit(bearer).await().atMost(Duration.ofSeconds(30)));
        chains.put(FiguresService.SUBSIDY, () -> subsidy.audit(bearer).await().atMost(Duration.ofSeconds(30)));
        chains.put(GATEWAY, () -> JSON.valueToTree(own()));
        chains.forEach((service, ask) -> {
            try {
                ObjectNode report = ((ObjectNode) ask.get()).deepCopy();
                report.put("service", service);
                apply(report); // a chain shortened below its anchor verifies on its own: never re-anchor it
                if (!report.path("intact").asBoolean(false)) {
                    LOG.warnf("audit chain of %s is not intact: not anchored (%s)", service, report.path("problem").asText());
                    return;
                }
                anchor(service, report.path("entries").asLong(), report.path("head").isNull() ? null
                        : report.path("head").asText());
                anchored.add(service);
            } catch (RuntimeException e) {
                LOG.warnf("audit anchor of %s not taken (next run retries): %s", service, e.toString());
            }
        });
        return anchored;
    }

    /** The gateway's own chain: sealed, then walked. */
    public AuditChain.Report own() {
        try {
            CHAIN.seal(dataSource);
            return CHAIN.verify(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void anchor(String service, long entries, String head) {
        Optional<Anchor> last = latest(service);
        if (last.isPresent() && last.get().entries() == entries && java.util.Objects.equals(last.get().head(), head)) {
            return; // nothing new: the anchor stands (its time says since when)
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_anchors (service, entries, head, anchored_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, service);
            ps.setLong(2, entries);
            ps.setString(3, head);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Anchor> latest(String service) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT entries, head, anchored_at FROM audit_anchors WHERE service = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Anchor(rs.getLong(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds {@code anchoredEntries} and {@code anchoredAt} to a chain's report and judges it against the anchor:
     * fewer entries than anchored, or another head at the anchored length, makes it broken.
     */
    public void apply(ObjectNode report) {
        String service = report.path("service").asText();
        Optional<Anchor> anchor = latest(service);
        if (anchor.isEmpty()) {
            report.putNull("anchoredEntries");
            report.putNull("anchoredAt");
            return;
        }
        Anchor a = anchor.get();
        report.put("anchoredEntries", a.entries());
        report.put("anchoredAt", a.at().toString());
        if (!report.path("entries").isNumber()) {
            return; // the service did not answer
        }
        long entries = report.path("entries").asLong();
        boolean intact = report.path("intact").asBoolean(false);
        if (entries < a.entries()) {
            report.put("intact", false);
            if (intact || report.path("firstBrokenAt").isNull()) {
                report.put("firstBrokenAt", entries + 1);
                report.putNull("firstBrokenId");
            }
            report.put("problem", (a.entries() - entries) + " entries below the anchor of " + a.at()
                    + " are missing: the newest entries were deleted (" + a.entries() + " anchored, " + entries + " now)");
        } else if (entries == a.entries() && !java.util.Objects.equals(a.head(), report.path("head").isNull() ? null
                : report.path("head").asText()) && intact) {
            report.put("intact", false);
            report.put("firstBrokenAt", entries);
            report.putNull("firstBrokenId");
            report.put("problem", "the chain's head differs from its anchor of " + a.at()
                    + ": the newest entries were replaced");
        }
    }
}
