package cn.ebike.registration.owner;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OwnerRepository implements PanacheRepositoryBase<Owner, UUID> {

    public Optional<Owner> findByIdNumberHash(byte[] hash) {
        return find("idNumberHash", hash).firstResultOptional();
    }

    /** The earliest owner with this phone (a phone may be shared by family members). */
    public Optional<Owner> findFirstByPhoneHash(byte[] hash) {
        return find("phoneHash", Sort.ascending("createdAt", "id"), hash).firstResultOptional();
    }

    /** Every owner with this phone, earliest first (family members share phones); at most {@code limit}. */
    public List<Owner> listByPhoneHash(byte[] hash, int limit) {
        return find("phoneHash", Sort.ascending("createdAt", "id"), hash).page(0, limit).list();
    }

    public List<Owner> findByIds(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /**
     * Inserts the owner unless one with the same ID number hash exists; safe under concurrency (the
     * unique constraint decides, a loser waits for the winner and then does nothing).
     *
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(Owner owner) {
        return getEntityManager().createNativeQuery("INSERT INTO owners (id, name_enc, id_number_enc, id_number_hash, "
                + "phone_enc, phone_hash, created_at, created_by, created_by_dealer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                + "ON CONFLICT (id_number_hash) DO NOTHING")
                .setParameter(1, owner.id).setParameter(2, owner.nameEnc).setParameter(3, owner.idNumberEnc)
                .setParameter(4, owner.idNumberHash).setParameter(5, owner.phoneEnc).setParameter(6, owner.phoneHash)
                .setParameter(7, owner.createdAt).setParameter(8, owner.createdBy)
                .setParameter(9, owner.createdByDealerId)
                .executeUpdate() == 1;
    }
}
