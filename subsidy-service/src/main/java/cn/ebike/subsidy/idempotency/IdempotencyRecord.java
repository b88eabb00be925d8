package cn.ebike.subsidy.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The first response to a POST carrying an {@code Idempotency-Key}, replayed for later duplicates. */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord {

    @EmbeddedId
    public Key id;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "response_status", nullable = false)
    public int responseStatus;

    @Column(name = "response_body", nullable = false)
    public String responseBody;

    public String location;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embeddable
    public static class Key implements Serializable {

        @Column(nullable = false)
        public String caller;

        @Column(name = "idem_key", nullable = false)
        public String idemKey;

        public Key() {
        }

        public Key(String caller, String idemKey) {
            this.caller = caller;
            this.idemKey = idemKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(caller, k.caller) && Objects.equals(idemKey, k.idemKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(caller, idemKey);
        }
    }
}
