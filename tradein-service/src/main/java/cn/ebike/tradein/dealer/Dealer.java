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
