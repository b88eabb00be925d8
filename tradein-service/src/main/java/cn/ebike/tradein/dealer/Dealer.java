package cn.ebike.tradein.dealer;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.masking.Masking;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A dealer on the platform. Its flags move only through the methods below, which refuse what the
 * rules forbid (trade-in and the agent point both need the signed commitment letter).
 */
@Entity
@Table(name = "dealers")
public class Dealer {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String uscc;

    @Column(nullable = false)
    private String address;

    @Column(nullable = false)
    private String district;

    /** What every response shows, e.g. {@code 138****5678}. */
    @Column(name = "contact_phone_masked", nullable = false)
    private String contactPhoneMasked;

    /** The number, AES-256-GCM sealed ({@link ContactPhoneCrypto}); never shown. */
    @Column(name = "contact_phone_enc")
    private String contactPhoneSealed;

    @Column(name = "commitment_signed_at")
    private Instant commitmentSignedAt;

    @Column(name = "trade_in_enabled", nullable = false)
    private boolean tradeInEnabled;

    @Column(name = "authorized_agent", nullable = false)
    private boolean authorizedAgent;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "credit_grade")
    private String creditGrade;

    @Column(name = "credit_score")
    private Integer creditScore;

    @Column(name = "credit_measure")
    private String creditMeasure;

    @Column(name = "graded_at")
    private Instant gradedAt;

    @Column(name = "last_inspected_at")
    private Instant lastInspectedAt;

    /** Set while a grade D keeps the agent authorisation suspended; only a regulator's restoration clears it. */
    @Column(name = "authorization_suspended_at")
    private Instant authorizationSuspendedAt;

    @Version
    private long version;

    protected Dealer() {
    }

    public Dealer(String name, String uscc, String address, String district, String contactPhone,
            ContactPhoneCrypto crypto, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.uscc = uscc;
        this.address = address;
        this.district = district;
        this.contactPhoneMasked = Masking.phone(contactPhone);
        this.contactPhoneSealed = crypto.seal(id, contactPhone);
        this.createdAt = now;
    }

    /** Signs the commitment letter; signing again keeps the first signature and reports no change. */
    public boolean signCommitment(Instant now) {
        if (commitmentSignedAt != null) {
            return false;
        }
        commitmentSignedAt = now;
        return true;
    }

    /** @return whether anything changed */
    public boolean enableTradeIn() {
        if (commitmentSignedAt == null) {
            throw ApiException.conflict("commitment-not-signed",
                    "the dealer must sign the commitment letter before enabling trade-in");
        }
        if (tradeInEnabled) {
            return false;
        }
        tradeInEnabled = true;
        return true;
    }

    /** @return whether anything changed */
    public boolean disableTradeIn() {
        if (!tradeInEnabled) {
            return false;
        }
        tradeInEnabled = false;
        return true;
    }

    /** @return whether anything changed */
    public boolean setAuthorizedAgent(boolean authorized) {
        if (authorized && authorizationSuspendedAt != null) {
            throw ApiException.conflict("authorization-suspended",
                    "the agent authorisation is suspended by a grade D; restore it once the rectifications are closed");
        }
        if (authorized && commitmentSignedAt == null) {
            throw ApiException.conflict("commitment-not-signed",
                    "a dealer can only be authorised as an agent point after signing the commitment letter");
        }
        if (authorizedAgent == authorized) {
            return false;
        }
        authorizedAgent = authorized;
        return true;
    }

    /** Grade D: the agent authorisation is withdrawn at once and stays so until {@link #restoreAuthorization}. */
    public boolean suspendAuthorization(Instant now) {
        if (authorizationSuspendedAt != null) {
            return false;
        }
        authorizationSuspendedAt = now;
        authorizedAgent = false;
        return true;
    }

    /** A regulator's restoration (the service checks that the rectifications are closed first). */
    public void restoreAuthorization() {
        if (authorizationSuspendedAt == null) {
            throw ApiException.conflict("illegal-transition", "the agent authorisation is not suspended");
        }
        if (commitmentSignedAt == null) {
            throw ApiException.conflict("commitment-not-signed",
                    "a dealer can only be authorised as an agent point after signing the commitment letter");
        }
        authorizationSuspendedAt = null;
        authorizedAgent = true;
    }

    public void recordGrade(String grade, int score, String measure, Instant now) {
        this.creditGrade = grade;
        this.creditScore = score;
        this.creditMeasure = measure;
        this.gradedAt = now;
    }

    public void recordInspection(Instant inspectedAt) {
        if (lastInspectedAt == null || inspectedAt.isAfter(lastInspectedAt)) {
            lastInspectedAt = inspectedAt;
        }
    }

    public String creditGrade() {
        return creditGrade;
    }

    public Integer creditScore() {
        return creditScore;
    }

    public String creditMeasure() {
        return creditMeasure;
    }

    public Instant gradedAt() {
        return gradedAt;
    }

    public Instant lastInspectedAt() {
        return lastInspectedAt;
    }

    public Instant authorizationSuspendedAt() {
        return authorizationSuspendedAt;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String uscc() {
        return uscc;
    }

    public String address() {
        return address;
    }

    public String district() {
        return district;
    }

    public String contactPhoneMasked() {
        return contactPhoneMasked;
    }

    String contactPhoneSealed() {
        return contactPhoneSealed;
    }

    public Instant commitmentSignedAt() {
        return commitmentSignedAt;
    }

    public boolean tradeInEnabled() {
        return tradeInEnabled;
    }

    public boolean authorizedAgent() {
        return authorizedAgent;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
