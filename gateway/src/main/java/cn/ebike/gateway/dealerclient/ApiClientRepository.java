package cn.ebike.gateway.dealerclient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The tables of dealer API clients ({@code api_client}, {@code api_client_secret}, {@code api_client_audit}); who
 * may do what with them is {@link DealerClientService}'s.
 */
@ApplicationScoped
public class ApiClientRepository {

    private final EntityManager em;

    public ApiClientRepository(EntityManager em) {
        this.em = em;
    }

    void persist(ApiClient client) {
        em.persist(client);
    }

    void persist(ApiClientSecret secret) {
        em.persist(secret);
    }

    void persist(ApiClientAudit entry) {
        em.persist(entry);
    }

    /** Writes what is pending now, so a unique constraint answers inside the caller's code. */
    void flush() {
        em.flush();
    }

    void lock(ApiClient client) {
        em.lock(client, LockModeType.PESSIMISTIC_WRITE);
    }

    Optional<ApiClient> byClientId(String clientId) {
        return em.createQuery("from ApiClient where clientId = ?1", ApiClient.class).setParameter(1, clientId)
                .getResultList().stream().findFirst();
    }

    /** The client's live secrets, by slot. */
    List<ApiClientSecret> liveSecrets(UUID client) {
        return em.createQuery("from ApiClientSecret where client = ?1 and revokedAt is null order by slot", ApiClientSecret.class)
                .setParameter(1, client).getResultList();
    }

    List<ApiClientAudit> history(UUID client) {
        return em.createQuery("from ApiClientAudit where client = ?1 order by id", ApiClientAudit.class)
                .setParameter(1, client).getResultList();
    }

    /** One page of the clients (of one dealer, or all when {@code dealer} is null), oldest first. */
    List<ApiClient> page(UUID dealer, int first, int size) {
        TypedQuery<ApiClient> query = em.createQuery("from ApiClient" + whereDealer(dealer) + " order by createdAt, id",
                ApiClient.class);
        if (dealer != null) {
            query.setParameter(1, dealer);
        }
        return query.setFirstResult(first).setMaxResults(size).getResultList();
    }

    long count(UUID dealer) {
        TypedQuery<Long> count = em.createQuery("select count(c) from ApiClient c" + whereDealer(dealer), Long.class);
        if (dealer != null) {
            count.setParameter(1, dealer);
        }
        return count.getSingleResult();
    }

    List<ApiClient> revokedSince(Instant since) {
        return em.createQuery("from ApiClient where revokedAt > ?1", ApiClient.class).setParameter(1, since).getResultList();
    }

    private static String whereDealer(UUID dealer) {
        return dealer == null ? "" : " where dealerId = ?1";
    }
}
