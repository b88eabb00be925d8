package cn.ebike.tradein.dealer;

import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditEntry;
import cn.ebike.tradein.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.problem.DatabaseErrors;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.security.Roles;
import cn.ebike.tradein.common.Times;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Dealers on the platform. Object-level rule: regulators (and services) see every dealer; dealer staff see
 * and change only the dealer in their token; anything else is "not found" so that existence does not leak.
 */
@ApplicationScoped
public class DealerService {

    private final DealerRepository dealers;

    private final AuditTrail audit;

    private final ContactPhoneCrypto contactPhones;

    private final OpenRectifications rectifications;

    public DealerService(DealerRepository dealers, AuditTrail audit, ContactPhoneCrypto contactPhones,
            OpenRectifications rectifications) {
        this.dealers = dealers;
        this.audit = audit;
        this.contactPhones = contactPhones;
        this.rectifications = rectifications;
    }

    @Transactional
    public DealerView create(DealerRequests.CreateDealer request, Actor actor) {
        if (dealers.findByUscc(request.uscc()).isPresent()) {
            throw duplicateUscc();
        }
        Dealer dealer = new Dealer(request.name().trim(), request.uscc(), request.address().trim(),
                request.district().trim(), request.contactPhone(), contactPhones, Times.now());
        try {
            dealers.persistAndFlush(dealer);
        } catch (PersistenceException e) {
            if (DatabaseErrors.violated(e, "dealers_uscc_unique")) {
                throw duplicateUscc();
            }
            throw e;
        }
        audit.record(actor, "DEALER_CREATED", AuditTrail.DEALER, dealer.id(), null, "UNSIGNED",
                "district " + dealer.district());
        return DealerView.of(dealer);
    }

    public Optional<DealerView> find(UUID id, Caller caller) {
        return visible(id, caller).map(DealerView::of);
    }

    public Page<DealerView> list(Caller caller, Optional<String> district, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (caller.is(Roles.DEALER) && !caller.is(Roles.REGULATOR)) {
            query.append(" and id = :own");
            params.and("own", caller.requireDealerId());
        }
        district.ifPresent(d -> {
            query.append(" and district = :district");
            params.and("district", d);
        });
        var found = dealers.find(query.toString(), Sort.descending("createdAt").and("id"), params);
        long total = found.count();
        List<Dealer> rows = page.beyondAnyResult() ? List.of() : found.page(page.intPage(), page.size()).list();
        List<DealerView> items = rows.stream().map(DealerView::of).toList();
        return new Page<>(items, page.page(), page.size(), total);
    }

    @Transactional
    public DealerView signCommitment(UUID id, Caller caller) {
        Dealer dealer = ownForUpdate(id, caller);
        if (dealer.signCommitment(Times.now())) {
            audit.record(Actor.of(caller), "COMMITMENT_SIGNED", AuditTrail.DEALER, id, "UNSIGNED", "SIGNED", null);
        }
        return DealerView.of(dealer);
    }

    @Transactional
    public DealerView enableTradeIn(UUID id, Caller caller) {
        Dealer dealer = ownForUpdate(id, caller);
        if (dealer.enableTradeIn()) {
            audit.record(Actor.of(caller), "TRADE_IN_ENABLED", AuditTrail.DEALER, id, "DISABLED", "ENABLED", null);
        }
        return DealerView.of(dealer);
    }

    @Transactional
    public DealerView disableTradeIn(UUID id, Caller caller) {
        Dealer dealer = ownForUpdate(id, caller);
        if (dealer.disableTradeIn()) {
            audit.record(Actor.of(caller), "TRADE_IN_DISABLED", AuditTrail.DEALER, id, "ENABLED", "DISABLED", null);
        }
        return DealerView.of(dealer);
    }

    @Transactional
    public DealerView authorize(UUID id, boolean authorized, Caller caller) {
        Dealer dealer = dealers.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("dealer"));
        if (authorized && dealer.authorizationSuspendedAt() != null) {
            // restoring after a grade D: only once every rectification is closed (and at least one was)
            long[] outstandingAndClosed = rectifications.outstandingAndClosed(id);
            if (outstandingAndClosed[0] > 0 || outstandingAndClosed[1] == 0) {
                throw ApiException.conflict("rectification-not-closed", "the agent authorisation was suspended by a"
                        + " grade D and can be restored only after the dealer's rectifications are closed ("
                        + outstandingAndClosed[0] + " not closed)");
            }
            dealer.restoreAuthorization();
            audit.record(Actor.of(caller), "AGENT_RESTORED", AuditTrail.DEALER, id, "SUSPENDED", "AUTHORIZED",
                    "restored after " + outstandingAndClosed[1] + " closed rectification(s)");
            return DealerView.of(dealer);
        }
        if (dealer.setAuthorizedAgent(authorized)) {
            audit.record(Actor.of(caller), authorized ? "AGENT_AUTHORIZED" : "AGENT_DEAUTHORIZED", AuditTrail.DEALER,
                    id, authorized ? "UNAUTHORIZED" : "AUTHORIZED", authorized ? "AUTHORIZED" : "UNAUTHORIZED", null);
        }
        return DealerView.of(dealer);
    }

    public Optional<List<AuditEntry.AuditView>> history(UUID id, Caller caller) {
        return visible(id, caller).map(d -> audit.history(AuditTrail.DEALER, d.id()));
    }

    private Optional<Dealer> visible(UUID id, Caller caller) {
        if (caller.is(Roles.REGULATOR) || caller.is(Roles.SERVICE)) {
            return dealers.findByIdOptional(id);
        }
        if (caller.is(Roles.DEALER) && id.equals(caller.requireDealerId())) {
            return dealers.findByIdOptional(id);
        }
        return Optional.empty();
    }

    /** Dealer staff change only their own dealer; someone else's is "not found". */
    private Dealer ownForUpdate(UUID id, Caller caller) {
        if (!id.equals(caller.requireDealerId())) {
            throw ApiException.notFound("dealer");
        }
        return dealers.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("dealer"));
    }

    private static ApiException duplicateUscc() {
        return ApiException.conflict("duplicate-dealer", "a dealer with this unified social credit code exists",
                "uscc");
    }
}
