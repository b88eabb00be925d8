package cn.ebike.tradein.tradein;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt the trade-in rules refused with a 409 that matters to a regulator: a recycling receipt
 * presented again ({@code receipt-already-used}), a new bike that was not bought in the trade-in
 * ({@code new-vehicle-not-bought-in-trade-in}). Refused, still counted (issue 12, fraud signals).
 */
@Entity
@Table(name = "refused_attempts")
public class RefusedAttempt {

    @Id
    UUID id;

    @Column(nullable = false)
    Instant at;

    @Column(nullable = false)
    String kind;

    @Column(name = "dealer_id", nullable = false)
    UUID dealerId;

    @Column(name = "trade_in_id", nullable = false)
    UUID tradeInId;

    String subject;

    String detail;

    protected RefusedAttempt() {
    }

    RefusedAttempt(Instant at, String kind, UUID dealerId, UUID tradeInId, String subject, String detail) {
        this.id = UUID.randomUUID();
        this.at = at;
        this.kind = kind;
        this.dealerId = dealerId;
        this.tradeInId = tradeInId;
        this.subject = subject == null || subject.length() <= 200 ? subject : subject.substring(0, 200);
        this.detail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    }

    public Instant at() {
        return at;
    }

    public String kind() {
        return kind;
    }

    public UUID dealerId() {
        return dealerId;
    }

    public UUID tradeInId() {
        return tradeInId;
    }

    public String subject() {
        return subject;
    }

    public String detail() {
        return detail;
    }
}
