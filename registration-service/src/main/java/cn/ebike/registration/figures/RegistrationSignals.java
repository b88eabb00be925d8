package cn.ebike.registration.figures;

import cn.ebike.common.figures.Queries;
import cn.ebike.common.masking.Masking;
import cn.ebike.registration.audit.AuditTrail;
import cn.ebike.registration.pii.PiiCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * registration's fraud signals for the regulators ({@code GET /api/stats/signals}), nothing personal beyond
 * masked values:
 * <ul>
 * <li>{@code SHARED_PHONE}: at least {@code registration.signals.shared-phone-min-owners} (3) owners share one
 * phone number (by its hash); the subject is the masked phone (138****0000).</li>
 * <li>{@code OWNER_CORRECTED_AFTER_DEALER_ENTRY}: owners a dealer entered ({@code created_by_dealer_id}) whose
 * data a regulator had to correct (audit {@code OWNER_CORRECTED}); the subject is the dealer's id.</li>
 * </ul>
 */
@ApplicationScoped
public class RegistrationSignals {

    public record Signal(String type, String subject, String evidence, Instant firstSeen, long count) {
    }

    private final DataSource dataSource;

    private final PiiCrypto crypto;

    private final int sharedPhoneMinOwners;

    public RegistrationSignals(DataSource dataSource, PiiCrypto crypto,
            @ConfigProperty(name = "registration.signals.shared-phone-min-owners", defaultValue = "3") int sharedPhoneMinOwners) {
        this.dataSource = dataSource;
        this.crypto = crypto;
        this.sharedPhoneMinOwners = sharedPhoneMinOwners;
    }

    public List<Signal> all() {
        List<Signal> out = new ArrayList<>(sharedPhones());
        out.addAll(correctedAfterDealerEntry());
        return out;
    }

    List<Signal> sharedPhones() {
        // one owner's encrypted phone stands for the group (all share the hash, so the same number)
        String sql = "SELECT count(*), min(created_at), (array_agg(id ORDER BY created_at, id))[1], "
                + "(array_agg(phone_enc ORDER BY created_at, id))[1] FROM owners GROUP BY phone_hash "
                + "HAVING count(*) >= ? ORDER BY min(created_at)";
        return Queries.query(dataSource, sql, ps -> ps.setInt(1, sharedPhoneMinOwners), rs -> {
            long owners = rs.getLong(1);
            String masked = Masking.phone(crypto.decrypt(PiiCrypto.FieldNames.PHONE, rs.getObject(3, UUID.class),
                    rs.getBytes(4)));
            return new Signal("SHARED_PHONE", masked, owners + " 位车主登记了同一手机号 " + masked
                    + "，可能为代办或冒用", rs.getTimestamp(2).toInstant(), owners);
        });
    }

    List<Signal> correctedAfterDealerEntry() {
        String sql = "SELECT o.created_by_dealer_id, count(DISTINCT o.id), count(*), min(a.at) FROM audit_entries a "
                + "JOIN owners o ON o.id::text = a.object_id WHERE a.action = 'OWNER_CORRECTED' AND a.object_type = ? "
                + "AND o.created_by_dealer_id IS NOT NULL GROUP BY o.created_by_dealer_id ORDER BY min(a.at)";
        return Queries.query(dataSource, sql, ps -> ps.setString(1, AuditTrail.OWNER), rs -> new Signal(
                "OWNER_CORRECTED_AFTER_DEALER_ENTRY", rs.getString(1), "该经销商录入的 " + rs.getLong(2)
                        + " 位车主信息被监管人员更正（共 " + rs.getLong(3) + " 次），录入信息可能不实",
                rs.getTimestamp(4).toInstant(), rs.getLong(2)));
    }
}
