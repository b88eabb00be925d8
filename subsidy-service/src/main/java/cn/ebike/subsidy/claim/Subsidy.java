package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.common.IllegalTransitionException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One claim's outcome, keyed by its trade-in: a grant (with phase, amount and rank) or a rejection
 * (with a reason). The state is private: it changes only through the transition methods below (as
 * tradein's {@code TradeIn}), and the batched JDBC writes of the decision round read and write it through
 * one column descriptor, {@link #COLUMNS}.
 */
@Entity
@Table(name = "subsidy")
public class Subsidy {

    @Id
    private UUID id;

    @Column(name = "trade_in_id", nullable = false)
    private UUID tradeInId;

    @Column(name = "owner_id")
    private UUID ownerId;

    @Column(name = "dealer_id")
    private UUID dealerId;

    @Column(name = "old_vehicle_id")
    private UUID oldVehicleId;

    @Column(name = "new_vehicle_id")
    private UUID newVehicleId;

    @Column(name = "campaign_id")
    private UUID campaignId;

    @Column(name = "phase_id")
    private UUID phaseId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SubsidyStatus status;

    @Enumerated(EnumType.STRING)
    private RejectionReason reason;

    @Column(name = "amount_fen")
    private Long amountFen;

    @Column(name = "rank")
    private Integer rank;

    /** The phase's quota, tied to the phase by a foreign key so the database checks rank <= quota. */
    @Column(name = "phase_quota")
    private Integer phaseQuota;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "decided_at", nullable = false)
    private Instant decidedAt;

    @Column(name = "granted_at")
    private Instant grantedAt;

    @Column(name = "paid_at")
    private Instant paidAt;

    @Column(name = "payout_attempts", nullable = false)
    private int payoutAttempts;

    @Column(name = "round_attempts", nullable = false)
    private int roundAttempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "payout_error")
    private String payoutError;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** For JPA and {@link #read(ResultSet)}; a new claim starts with {@link #undecided(UUID)}. */
    protected Subsidy() {
    }

    /** Only a claim rejected because its trade-in was not completed yet is decided again. */
    public boolean isReevaluable() {
        return status == SubsidyStatus.REJECTED && reason == RejectionReason.TRADE_IN_NOT_COMPLETED;
    }

    /** The facts a decision is recorded with (copied onto the row whatever the outcome). */
    public record Facts(UUID tradeInId, UUID ownerId, UUID dealerId, UUID oldVehicleId, UUID newVehicleId,
            UUID campaignId, UUID phaseId, Instant completedAt) {
    }

    public static Subsidy undecided(UUID tradeInId) {
        Subsidy s = new Subsidy();
        s.id = UUID.randomUUID();
        s.tradeInId = tradeInId;
        return s;
    }

    private void apply(Facts f, Instant now) {
        tradeInId = f.tradeInId();
        ownerId = f.ownerId();
        dealerId = f.dealerId();
        oldVehicleId = f.oldVehicleId();
        newVehicleId = f.newVehicleId();
        campaignId = f.campaignId();
        phaseId = f.phaseId();
        completedAt = f.completedAt();
        decidedAt = now;
        updatedAt = now;
    }

    private void requireDecidable(SubsidyStatus target) {
        if (status != null && !(isReevaluable() && status.canMoveTo(target))) {
            throw new IllegalTransitionException("Subsidy", status, "be decided again");
        }
    }

    public void grant(Facts f, long amount, int slotRank, int quota, Instant now) {
        requireDecidable(SubsidyStatus.GRANTED);
        apply(f, now);
        status = SubsidyStatus.GRANTED;
        reason = null;
        amountFen = amount;
        rank = slotRank;
        phaseQuota = quota;
        grantedAt = now;
    }

    public void reject(Facts f, RejectionReason why, Instant now) {
        requireDecidable(SubsidyStatus.REJECTED);
        apply(f, now);
        status = SubsidyStatus.REJECTED;
        reason = why;
        amountFen = null;
        rank = null;
        phaseQuota = null;
        grantedAt = null;
    }

    private void move(SubsidyStatus target, String what) {
        if (status == null || !status.canMoveTo(target) || status == SubsidyStatus.REJECTED) {
            throw new IllegalTransitionException("Subsidy", status, what);
        }
        status = target;
    }

    /** GRANTED → PAYING: a worker starts paying (first attempt of a round). */
    public void startPayout(Instant now) {
        move(SubsidyStatus.PAYING, "start a payout");
        payoutError = null;
        updatedAt = now;
    }

    /** PAYING → PAID. */
    public void markPaid(Instant at) {
        move(SubsidyStatus.PAID, "be marked paid");
        paidAt = at;
        payoutError = null;
        nextAttemptAt = null;
        updatedAt = Instant.now();
    }

    /** PAYING → FAILED: attempts exhausted and the provider confirmed it holds no payment. */
    public void markFailed(String error, Instant now) {
        move(SubsidyStatus.FAILED, "be marked failed");
        payoutError = error;
        nextAttemptAt = null;
        updatedAt = now;
    }

    /** FAILED → GRANTED: a regulator asks for a new round of attempts. */
    public void retryPayout(Instant now) {
        move(SubsidyStatus.GRANTED, "be retried (only a FAILED payout can)");
        roundAttempts = 0;
        nextAttemptAt = now;
        updatedAt = now;
    }

    /**
     * A copy of this re-evaluable rejection to decide again (same id, status and reason; the facts are set by
     * {@link #grant} or {@link #reject}); this object stays as it was read.
     */
    public Subsidy toDecideAgain() {
        if (!isReevaluable()) {
            throw new IllegalTransitionException("Subsidy", status, "be decided again");
        }
        Subsidy copy = undecided(tradeInId);
        copy.id = id;
        copy.status = status;
        copy.reason = reason;
        return copy;
    }

    private void requirePaying(String what) {
        if (status != SubsidyStatus.PAYING) {
            throw new IllegalTransitionException("Subsidy", status, what);
        }
    }

    /** PAYING: a worker holds the payout until {@code lease} (its stamp in next_attempt_at). */
    public void lease(Instant lease, Instant now) {
        requirePaying("be leased for a payout");
        nextAttemptAt = lease;
        updatedAt = now;
    }

    /** PAYING: one more attempt at the provider (counted in the grant's and in this round's attempts). */
    public void countAttempt(Instant now) {
        requirePaying("count a payout attempt");
        payoutAttempts++;
        roundAttempts++;
        updatedAt = now;
    }

    /** PAYING: not paid this time ({@code error}); the next try is not before {@code retryAt}. */
    public void retryLater(String error, Instant retryAt, Instant now) {
        requirePaying("wait for another payout attempt");
        payoutError = error;
        nextAttemptAt = retryAt;
        updatedAt = now;
    }

    // ---------------------------------------------------------------------------------------------
    // read-only accessors

    public UUID id() {
        return id;
    }

    public UUID tradeInId() {
        return tradeInId;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public UUID dealerId() {
        return dealerId;
    }

    public UUID oldVehicleId() {
        return oldVehicleId;
    }

    public UUID newVehicleId() {
        return newVehicleId;
    }

    public UUID campaignId() {
        return campaignId;
    }

    public UUID phaseId() {
        return phaseId;
    }

    public SubsidyStatus status() {
        return status;
    }

    public RejectionReason reason() {
        return reason;
    }

    public Long amountFen() {
        return amountFen;
    }

    public Integer rank() {
        return rank;
    }

    public Integer phaseQuota() {
        return phaseQuota;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    public Instant paidAt() {
        return paidAt;
    }

    public int payoutAttempts() {
        return payoutAttempts;
    }

    public int roundAttempts() {
        return roundAttempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String payoutError() {
        return payoutError;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    // ---------------------------------------------------------------------------------------------
    // the one column descriptor of the batched JDBC statements (DecisionWriter)

    /** SQL type of a column as the set-based statements bind it (arrays for unnest, scalars for updates). */
    public enum SqlType {
        UUID("uuid", "uuid"), TEXT("varchar", "varchar"), BIGINT("bigint", "int8"), INT("int", "int4"),
        TIMESTAMP("timestamptz", "text");

        /** The cast in SQL ({@code ?::uuid[]}, {@code ?::timestamptz}). */
        public final String cast;
        /** The element type of the JDBC array ({@link Connection#createArrayOf}); times travel as ISO text. */
        public final String arrayElement;

        SqlType(String cast, String arrayElement) {
            this.cast = cast;
            this.arrayElement = arrayElement;
        }

        /** The JDBC value of a Java value: enums by name, instants as ISO-8601 text. */
        public Object jdbc(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof Enum<?> e) {
                return e.name();
            }
            return value instanceof Instant t ? t.toString() : value;
        }

        /** A typed array of JDBC values ({@code UUID[]}, {@code String[]}, {@code Long[]}, {@code Integer[]}). */
        public Object[] newArray(int n) {
            return switch (this) {
                case UUID -> new java.util.UUID[n];
                case BIGINT -> new Long[n];
                case INT -> new Integer[n];
                case TEXT, TIMESTAMP -> new String[n];
            };
        }

        Object read(ResultSet rs, int index) throws SQLException {
            return switch (this) {
                case UUID -> rs.getObject(index, java.util.UUID.class);
                case TEXT -> rs.getString(index);
                case BIGINT -> rs.getObject(index, Long.class);
                case INT -> rs.getObject(index, Integer.class);
                case TIMESTAMP -> {
                    OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant();
                }
            };
        }
    }

    /** Which statements a column belongs to. */
    public enum Role {
        /** id and trade_in_id: inserted, never updated (the key of the re-evaluation update and of the answers). */
        KEY,
        /** written by every decision (insert, and the re-evaluation update). */
        DECISION,
        /** kept by the payout worker: read back, never written by a decision. */
        PAYOUT
    }

    /** One column of table {@code subsidy}: its name, SQL type, role, and how the entity reads and sets it. */
    public record DbColumn(String name, SqlType type, Role role, Function<Subsidy, Object> get,
            BiConsumer<Subsidy, Object> set) {

        /** The JDBC value of this column of a row ({@link SqlType#jdbc}). */
        public Object value(Subsidy s) {
            return type.jdbc(get.apply(s));
        }
    }

    /** Every column of table {@code subsidy}, in one order: the batched INSERT, UPDATE and SELECT are built from it. */
    public static final List<DbColumn> COLUMNS = List.of(
            new DbColumn("id", SqlType.UUID, Role.KEY, s -> s.id, (s, v) -> s.id = (UUID) v),
            new DbColumn("trade_in_id", SqlType.UUID, Role.KEY, s -> s.tradeInId, (s, v) -> s.tradeInId = (UUID) v),
            new DbColumn("owner_id", SqlType.UUID, Role.DECISION, s -> s.ownerId, (s, v) -> s.ownerId = (UUID) v),
            new DbColumn("dealer_id", SqlType.UUID, Role.DECISION, s -> s.dealerId, (s, v) -> s.dealerId = (UUID) v),
            new DbColumn("old_vehicle_id", SqlType.UUID, Role.DECISION, s -> s.oldVehicleId,
                    (s, v) -> s.oldVehicleId = (UUID) v),
            new DbColumn("new_vehicle_id", SqlType.UUID, Role.DECISION, s -> s.newVehicleId,
                    (s, v) -> s.newVehicleId = (UUID) v),
            new DbColumn("campaign_id", SqlType.UUID, Role.DECISION, s -> s.campaignId, (s, v) -> s.campaignId = (UUID) v),
            new DbColumn("phase_id", SqlType.UUID, Role.DECISION, s -> s.phaseId, (s, v) -> s.phaseId = (UUID) v),
            new DbColumn("status", SqlType.TEXT, Role.DECISION, s -> s.status,
                    (s, v) -> s.status = SubsidyStatus.valueOf((String) v)),
            new DbColumn("reason", SqlType.TEXT, Role.DECISION, s -> s.reason,
                    (s, v) -> s.reason = v == null ? null : RejectionReason.valueOf((String) v)),
            new DbColumn("amount_fen", SqlType.BIGINT, Role.DECISION, s -> s.amountFen, (s, v) -> s.amountFen = (Long) v),
            new DbColumn("rank", SqlType.INT, Role.DECISION, s -> s.rank, (s, v) -> s.rank = (Integer) v),
            new DbColumn("phase_quota", SqlType.INT, Role.DECISION, s -> s.phaseQuota, (s, v) -> s.phaseQuota = (Integer) v),
            new DbColumn("completed_at", SqlType.TIMESTAMP, Role.DECISION, s -> s.completedAt,
                    (s, v) -> s.completedAt = (Instant) v),
            new DbColumn("decided_at", SqlType.TIMESTAMP, Role.DECISION, s -> s.decidedAt,
                    (s, v) -> s.decidedAt = (Instant) v),
            new DbColumn("granted_at", SqlType.TIMESTAMP, Role.DECISION, s -> s.grantedAt,
                    (s, v) -> s.grantedAt = (Instant) v),
            new DbColumn("paid_at", SqlType.TIMESTAMP, Role.PAYOUT, s -> s.paidAt, (s, v) -> s.paidAt = (Instant) v),
            new DbColumn("payout_attempts", SqlType.INT, Role.PAYOUT, s -> s.payoutAttempts,
                    (s, v) -> s.payoutAttempts = (Integer) v),
            new DbColumn("round_attempts", SqlType.INT, Role.PAYOUT, s -> s.roundAttempts,
                    (s, v) -> s.roundAttempts = (Integer) v),
            new DbColumn("next_attempt_at", SqlType.TIMESTAMP, Role.PAYOUT, s -> s.nextAttemptAt,
                    (s, v) -> s.nextAttemptAt = (Instant) v),
            new DbColumn("payout_error", SqlType.TEXT, Role.PAYOUT, s -> s.payoutError,
                    (s, v) -> s.payoutError = (String) v),
            new DbColumn("updated_at", SqlType.TIMESTAMP, Role.DECISION, s -> s.updatedAt,
                    (s, v) -> s.updatedAt = (Instant) v));

    /** A row read with every column of {@link #COLUMNS}, in that order, from the current row of {@code rs}. */
    public static Subsidy read(ResultSet rs) throws SQLException {
        Subsidy s = new Subsidy();
        for (int i = 0; i < COLUMNS.size(); i++) {
            DbColumn c = COLUMNS.get(i);
            c.set().accept(s, c.type().read(rs, i + 1));
        }
        return s;
    }
}
