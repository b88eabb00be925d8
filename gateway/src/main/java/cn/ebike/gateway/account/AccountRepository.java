package cn.ebike.gateway.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    public Optional<Account> findByUsername(String username) {
        return find("lower(username) = ?1", username.toLowerCase(java.util.Locale.ROOT)).firstResultOptional();
    }

    /**
     * Inserts {@code admin} unless an account of that name exists (case-insensitive unique index): one statement, so
     * replicas starting together cannot both insert it and neither fails. True when this call inserted it.
     */
    boolean insertAdminIfMissing(String passwordHash) {
        return getEntityManager().createNativeQuery(
                        "INSERT INTO account (id, username, password_hash, role, dealer_id, created_at, created_by)"
                                + " VALUES (?1, 'admin', ?2, 'ADMIN', NULL, now(), 'bootstrap')"
                                + " ON CONFLICT (lower(username)) DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, passwordHash)
                .executeUpdate() == 1;
    }
}
