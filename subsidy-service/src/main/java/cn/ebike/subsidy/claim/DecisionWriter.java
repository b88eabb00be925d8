package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.audit.AuditTrail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Records the decisions of one round of claims — one claim or a whole batch — in ONE short PostgreSQL
 * transaction, with set-based statements (a few round trips whatever the number of claims):
 * <ol>
 * <li>new grants: one multi-row {@code INSERT … ON CONFLICT DO NOTHING RETURNING}. A row that would break a
 * unique index (trade-in; owner+campaign and old vehicle+campaign among grants; phase+rank) is simply not
 * inserted — never an over-allocation, never an error that would cost the rest of the batch — and its
 * claim is decided again in the next round;</li>
 * <li>Redis "no"s (owner or vehicle seen, quota taken) are kept only where PostgreSQL confirms them in this
 * very transaction (after step 1, so a grant of an earlier claim of the same batch counts); the others were
 * caused by slots still in flight and wait for the next round;</li>
 * <li>rejections: one multi-row {@code INSERT … ON CONFLICT DO NOTHING RETURNING};</li>
 * <li>re-evaluations of a {@code TRADE_IN_NOT_COMPLETED} rejection: an {@code UPDATE} guarded on that state,
 * each behind a savepoint (rare);</li>
 * <li>the audit rows of everything written: one multi-row {@code INSERT} ({@link AuditTrail#recordAll});</li>
 * <li>last, so the hot phase rows are locked only for the commit: per phase (in id order, so two batches never
 * deadlock on them) {@code UPDATE phase SET granted = granted + n WHERE id = ? AND granted + n <= quota};
 * 0 rows rolls the whole round back ({@link PhaseFullException}).</li>
 * </ol>
 * The statements are built from one column descriptor, {@link Subsidy#COLUMNS} (names, SQL types, values).
 * The constraints of V1__baseline.sql (ranks unique and within 1..quota, one grant per trade-in / owner /
 * old vehicle per campaign, {@code granted <= quota}) stay the last line of defence whatever Redis said.
 */
@ApplicationScoped
public class DecisionWriter {

    /** What became of one decision. */
    public enum Result { WRITTEN, NOT_WRITTEN, UNCONFIRMED }

    /** One decision to record: the row as it is to be stored (built with {@link Subsidy}'s transitions). */
    public static final class Decision {
        final Subsidy row;
        /** The status before (null: a new row; REJECTED: a TRADE_IN_NOT_COMPLETED rejection decided again). */
        final SubsidyStatus from;
        /** Redis said no for this reason: the rejection is recorded only if PostgreSQL agrees now. */
        final RejectionReason toConfirm;
        Result result;

        public Decision(Subsidy row, SubsidyStatus from, RejectionReason toConfirm) {
            this.row = row;
            this.from = from;
            this.toConfirm = toConfirm;
        }

        public Result result() {
            return result;
        }

        public Subsidy row() {
            return row;
        }
    }

    /** The columns a decision writes: every column of {@link Subsidy#COLUMNS} but the payout worker's. */
    private static final List<Subsidy.DbColumn> WRITTEN = Subsidy.COLUMNS.stream()
            .filter(c -> c.role() != Subsidy.Role.PAYOUT).toList();

    /** Those a re-evaluation updates (not the key). */
    private static final List<Subsidy.DbColumn> UPDATED = WRITTEN.stream()
            .filter(c -> c.role() == Subsidy.Role.DECISION).toList();

    private static final String INSERT = "INSERT INTO subsidy (" + names(WRITTEN) + ") SELECT * FROM unnest("
            + String.join(", ", WRITTEN.stream().map(c -> "?::" + c.type().cast + "[]").toList())
            + ") ON CONFLICT DO NOTHING RETURNING trade_in_id";

    private static final String REEVALUATE = "UPDATE subsidy SET "
            + String.join(", ", UPDATED.stream().map(c -> c.name() + " = ?::" + c.type().cast).toList())
            + " WHERE id = ? AND status = 'REJECTED' AND reason = 'TRADE_IN_NOT_COMPLETED'";

    private static final String READ = "SELECT " + names(Subsidy.COLUMNS) + " FROM subsidy WHERE trade_in_id = ANY(?)";

    private static String names(List<Subsidy.DbColumn> columns) {
        return String.join(", ", columns.stream().map(Subsidy.DbColumn::name).toList());
    }

    private final DataSource dataSource;
    private final AuditTrail audit;

    private final cn.ebike.common.time.BusinessClock clock;

    public DecisionWriter(DataSource dataSource, AuditTrail audit, cn.ebike.common.time.BusinessClock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /** The decisions recorded so far for these trade-ins (one statement, no transaction). */
    public Map<UUID, Subsidy> find(Collection<UUID> tradeInIds) {
        Map<UUID, Subsidy> found = new HashMap<>();
        if (tradeInIds.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setArray(1, c.createArrayOf("uuid", tradeInIds.toArray(new UUID[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Subsidy s = Subsidy.read(rs);
                    found.put(s.tradeInId(), s);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read decisions: " + e.getMessage(), e);
        }
        return found;
    }

    /** The time of a round's decisions (granted_at, decided_at): the business clock, which tests move. */
    public Instant now() {
        return clock.now();
    }

    /**
     * Writes one round in one transaction and sets each decision's {@link Decision#result()}. Throws (and
     * rolls everything back) when the transaction fails, e.g. the count guard refused ({@link PhaseFullException})
     * or the database is gone; the caller then gives the round's slots back.
     */
    public void write(List<Decision> decisions, String actor) {
        if (decisions.isEmpty()) {
            return;
        }
        Instant now = now();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                writeRound(c, decisions, actor, now);
            } catch (SQLException e) {
                throw new DecisionWriteException(e);
            }
        });
    }

    /** A failed statement of a round (the transaction is rolled back). */
    public static class DecisionWriteException extends RuntimeException {
        DecisionWriteException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void writeRound(Connection c, List<Decision> decisions, String actor, Instant now) throws SQLException {
        decisions.forEach(d -> d.result = Result.NOT_WRITTEN);
        // a fixed order (by trade-in) for the rows of every statement: two batches that share trade-ins take
        // their index entries in the same order
        List<Decision> sorted = new ArrayList<>(decisions);
        sorted.sort(Comparator.comparing(d -> d.row.tradeInId()));

        // 1. grants
        List<Decision> grants = sorted.stream().filter(d -> d.row.status() == SubsidyStatus.GRANTED).toList();
        insert(c, grants.stream().filter(d -> d.from == null).toList());
        reevaluate(c, grants.stream().filter(d -> d.from != null).toList());
        Map<UUID, Integer> grantedNow = new TreeMap<>();
        for (Decision d : grants) {
            if (d.result == Result.WRITTEN) {
                grantedNow.merge(d.row.phaseId(), 1, Integer::sum);
            }
        }

        // 2. Redis "no"s, confirmed by PostgreSQL in this transaction (or left for the next round)
        List<Decision> toConfirm = sorted.stream().filter(d -> d.toConfirm != null).toList();
        if (!toConfirm.isEmpty()) {
            Set<String> ownersGranted = grantedPairs(c, "owner_id", toConfirm, RejectionReason.OWNER_ALREADY_GRANTED,
                    d -> d.row.ownerId());
            Set<String> vehiclesGranted = grantedPairs(c, "old_vehicle_id", toConfirm,
                    RejectionReason.VEHICLE_ALREADY_GRANTED, d -> d.row.oldVehicleId());
            Set<UUID> phasesFull = fullPhases(c, toConfirm, grantedNow);
            for (Decision d : toConfirm) {
                boolean confirmed = switch (d.toConfirm) {
                    case OWNER_ALREADY_GRANTED -> ownersGranted.contains(d.row.campaignId() + "/" + d.row.ownerId());
                    case VEHICLE_ALREADY_GRANTED -> vehiclesGranted.contains(d.row.campaignId() + "/" + d.row.oldVehicleId());
                    case QUOTA_EXHAUSTED -> phasesFull.contains(d.row.phaseId());
                    default -> throw new IllegalArgumentException(d.toConfirm + " needs no confirmation");
                };
                if (!confirmed) {
                    d.result = Result.UNCONFIRMED;
                }
            }
        }

        // 3. rejections (eligibility, and the confirmed Redis "no"s)
        List<Decision> rejections = sorted.stream()
                .filter(d -> d.row.status() == SubsidyStatus.REJECTED && d.result != Result.UNCONFIRMED).toList();
        insert(c, rejections.stream().filter(d -> d.from == null).toList());
        reevaluate(c, rejections.stream().filter(d -> d.from != null).toList());

        // 4. the audit trail of what was written
        audit(c, sorted.stream().filter(d -> d.result == Result.WRITTEN).toList(), actor, now);

        // 5. the count guard, last: the phase rows are locked only until the commit that follows
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE phase SET granted = granted + ? WHERE id = ? AND granted + ? <= quota")) {
            for (Map.Entry<UUID, Integer> e : grantedNow.entrySet()) {
                ps.setInt(1, e.getValue());
                ps.setObject(2, e.getKey());
                ps.setInt(3, e.getValue());
                if (ps.executeUpdate() != 1) {
                    throw new PhaseFullException(e.getKey());
                }
            }
        }
    }

    private void insert(Connection c, List<Decision> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int k = 0; k < WRITTEN.size(); k++) {
                Subsidy.DbColumn column = WRITTEN.get(k);
                Object[] values = column.type().newArray(n);
                for (int i = 0; i < n; i++) {
                    values[i] = column.value(rows.get(i).row);
                }
                ps.setArray(k + 1, c.createArrayOf(column.type().arrayElement, values));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (Decision d : rows) {
            if (inserted.contains(d.row.tradeInId())) {
                d.result = Result.WRITTEN;
            }
        }
    }

    /** Re-evaluated TRADE_IN_NOT_COMPLETED rejections: each updated only while still in that state. */
    private void reevaluate(Connection c, List<Decision> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(REEVALUATE)) {
            for (Decision d : rows) {
                Subsidy s = d.row;
                for (int k = 0; k < UPDATED.size(); k++) {
                    ps.setObject(k + 1, UPDATED.get(k).value(s));
                }
                ps.setObject(UPDATED.size() + 1, s.id());
                Savepoint sp = c.setSavepoint();
                try {
                    if (ps.executeUpdate() == 1) {
                        d.result = Result.WRITTEN;
                    }
                    c.releaseSavepoint(sp);
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // a unique index said no (owner, vehicle or rank granted elsewhere): decided again next round
                    c.rollback(sp);
                }
            }
        }
    }

    /** "campaign/value" pairs among the decisions to confirm that PostgreSQL has a grant for (this transaction included). */
    private Set<String> grantedPairs(Connection c, String column, List<Decision> decisions, RejectionReason reason,
            Function<Decision, UUID> value) throws SQLException {
        List<Decision> ask = decisions.stream().filter(d -> d.toConfirm == reason).toList();
        Set<String> granted = new HashSet<>();
        if (ask.isEmpty()) {
            return granted;
        }
        UUID[] campaigns = ask.stream().map(d -> d.row.campaignId()).toArray(UUID[]::new);
        UUID[] values = ask.stream().map(value).toArray(UUID[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT s.campaign_id, s." + column + " FROM subsidy s"
                + " JOIN unnest(?::uuid[], ?::uuid[]) AS q(campaign_id, v) ON s.campaign_id = q.campaign_id AND s."
                + column + " = q.v WHERE s.status <> 'REJECTED'")) {
            ps.setArray(1, c.createArrayOf("uuid", campaigns));
            ps.setArray(2, c.createArrayOf("uuid", values));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    granted.add(rs.getObject(1, UUID.class) + "/" + rs.getObject(2, UUID.class));
                }
            }
        }
        return granted;
    }

    /**
     * Phases that are full in PostgreSQL once this round's grants count: committed {@code granted} (it only
     * ever grows, so an older snapshot never wrongly says "full") plus the grants written above.
     */
    private Set<UUID> fullPhases(Connection c, List<Decision> decisions, Map<UUID, Integer> grantedNow)
            throws SQLException {
        UUID[] phases = decisions.stream().filter(d -> d.toConfirm == RejectionReason.QUOTA_EXHAUSTED)
                .map(d -> d.row.phaseId()).distinct().toArray(UUID[]::new);
        Set<UUID> full = new HashSet<>();
        if (phases.length == 0) {
            return full;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, granted, quota FROM phase WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", phases));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    if (rs.getInt(2) + grantedNow.getOrDefault(id, 0) >= rs.getInt(3)) {
                        full.add(id);
                    }
                }
            }
        }
        return full;
    }

    /** The audit rows of what this round wrote, in its transaction ({@link AuditTrail#recordAll}). */
    private void audit(Connection c, List<Decision> written, String actor, Instant now) throws SQLException {
        List<AuditTrail.Change> changes = new ArrayList<>(written.size());
        for (Decision d : written) {
            Subsidy s = d.row;
            boolean granted = s.status() == SubsidyStatus.GRANTED;
            changes.add(new AuditTrail.Change(actor,
                    (d.from == null ? "SUBSIDY_" : "SUBSIDY_REEVALUATED_") + (granted ? "GRANTED" : "REJECTED"),
                    AuditTrail.SUBSIDY, s.id(), d.from, s.status(), granted
                            ? "tradeIn=" + s.tradeInId() + ", phase=" + s.phaseId() + ", rank=" + s.rank()
                                    + ", amountFen=" + s.amountFen()
                            : "tradeIn=" + s.tradeInId() + ", reason=" + s.reason()));
        }
        audit.recordAll(c, changes, now);
    }
}
