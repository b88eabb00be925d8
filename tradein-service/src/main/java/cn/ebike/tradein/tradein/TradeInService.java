package cn.ebike.tradein.tradein;

import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditEntry;
import cn.ebike.tradein.audit.AuditTrail;
import cn.ebike.tradein.client.RegistrationClient;
import cn.ebike.tradein.client.RegistrationVehicle;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.security.Roles;
import cn.ebike.tradein.dealer.DealerRepository;
import cn.ebike.tradein.outbox.ClaimOutbox;
import cn.ebike.tradein.outbox.ClaimOutboxRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The trade-in use cases. Checks against registration-service happen here, before and outside the
 * database transaction ({@link TradeInTransitions}), so no row lock or connection is held while another
 * service answers, and a registration that cannot be reached leaves nothing written (503).
 *
 * <p>Visibility: REGULATOR and SERVICE see every trade-in; dealer staff those of their dealer; an owner
 * those whose {@code ownerId} is their {@code sub}. Anything else is "not found".
 */
@ApplicationScoped
public class TradeInService {

    private final TradeInRepository tradeIns;

    private final TradeInTransitions transitions;

    private final DealerRepository dealers;

    private final ClaimOutboxRepository claims;

    private final RegistrationClient registration;

    private final AuditTrail audit;

    private final RefusedAttemptRepository refusals;

    public TradeInService(TradeInRepository tradeIns, TradeInTransitions transitions, DealerRepository dealers,
            ClaimOutboxRepository claims, RegistrationClient registration, AuditTrail audit,
            RefusedAttemptRepository refusals) {
        this.tradeIns = tradeIns;
        this.transitions = transitions;
        this.dealers = dealers;
        this.claims = claims;
        this.registration = registration;
        this.audit = audit;
        this.refusals = refusals;
    }

    /** What {@link #checkOpen} established, handed to {@link #open} inside the transaction. */
    public record OpenCheck(UUID dealerId, TradeInRequests.Open request) {
    }

    /**
     * Verifies with registration-service that the old vehicle may be traded in. An unknown vehicle is a 409
     * naming {@code oldVehicleId}, like every other reason the vehicle is not eligible: the endpoint exists,
     * the request conflicts with what registration knows (a 404 would read as "no such endpoint").
     */
    public OpenCheck checkOpen(TradeInRequests.Open request, Caller caller) {
        UUID dealerId = caller.requireDealerId();
        if (!dealers.findByIdOptional(dealerId).map(d -> d.tradeInEnabled()).orElse(false)) {
            throw tradeInNotEnabled();
        }
        RegistrationVehicle vehicle = registration.vehicle(request.oldVehicleId())
                .orElseThrow(() -> notEligible("oldVehicleId", "registration-service knows no such vehicle"));
        if (!RegistrationVehicle.NON_STANDARD_FILED.equals(vehicle.category())) {
            throw notEligible("oldVehicleId", "the old vehicle must be a filed non-standard bike (NON_STANDARD_FILED)");
        }
        if (vehicle.scrapped()) {
            throw notEligible("oldVehicleId", "the old vehicle is already scrapped");
        }
        if (!request.ownerId().equals(vehicle.ownerId())) {
            throw notEligible("ownerId", "the old vehicle is not registered to this owner");
        }
        if (tradeIns.oldVehicleInLiveTradeIn(request.oldVehicleId())) {
            throw oldVehicleTaken();
        }
        return new OpenCheck(dealerId, request);
    }

    public TradeInView open(OpenCheck check, Actor actor) {
        return transitions.open(check.dealerId(), check.request(), actor);
    }

    /**
     * Scraps the old vehicle in registration (reference = this trade-in's id; registration answers the same
     * reference again with 200, so repeating a step that failed half-way is safe), then records the recycling.
     * If registration cannot be reached the trade-in does not move (503).
     */
    public TradeInView recordRecycling(UUID id, TradeInRequests.Recycling request, Caller caller) {
        TradeIn tradeIn = ownedByCallersDealer(id, caller);
        tradeIn.checkCanRecordRecycling();
        // before registration scraps anything: a receipt already presented elsewhere proves nothing
        String receiptKey = TradeIn.receiptKey(request.recyclingReceiptNo());
        if (tradeIns.receiptUsedElsewhere(receiptKey, id)) {
            throw refusals.refuse(receiptAlreadyUsed(), tradeIn.dealerId(), id, receiptKey);
        }
        registration.scrap(tradeIn.oldVehicleId(), tradeIn.id(),
                "trade-in recycling, receipt " + request.recyclingReceiptNo().trim());
        try {
            return transitions.recordRecycling(id, request, caller);
        } catch (ApiException e) {
            if (RefusedAttemptRepository.RECEIPT_ALREADY_USED.equals(e.slug())) {
                // lost the race to the unique index (trade_ins_receipt_once): still a refused attempt
                throw refusals.refuse(e, tradeIn.dealerId(), id, receiptKey);
            }
            throw e;
        }
    }

    public TradeInView recordNewVehicle(UUID id, TradeInRequests.NewVehicle request, Caller caller) {
        TradeIn tradeIn = ownedByCallersDealer(id, caller);
        tradeIn.checkCanRecordNewVehicle();
        UUID newVehicleId = request.newVehicleId();
        RegistrationVehicle vehicle = registration.vehicle(newVehicleId)
                .orElseThrow(() -> notEligible("newVehicleId", "registration-service knows no such vehicle"));
        if (!RegistrationVehicle.COMPLIANT.equals(vehicle.category())) {
            throw notEligible("newVehicleId", "the new vehicle must be compliant (COMPLIANT)");
        }
        if (vehicle.scrapped()) {
            throw notEligible("newVehicleId", "the new vehicle is scrapped");
        }
        if (!tradeIn.ownerId().equals(vehicle.ownerId())) {
            throw notEligible("newVehicleId", "the new vehicle is not registered to the trade-in's owner");
        }
        if (!RegistrationVehicle.PLATE_ACTIVE.equals(vehicle.plateStatus())) {
            throw notEligible("newVehicleId", "the new vehicle has no active plate yet");
        }
        if (!vehicle.boughtInTradeIn(tradeIn.dealerId(), tradeIn.openedAt())) {
            throw refusals.refuse(notBoughtInTradeIn(), tradeIn.dealerId(), id, newVehicleId.toString());
        }
        if (tradeIns.newVehicleInOtherLiveTradeIn(newVehicleId, id)) {
            throw newVehicleTaken();
        }
        return transitions.recordNewVehicle(id, newVehicleId, caller);
    }

    public TradeInView complete(UUID id, Caller caller) {
        return transitions.complete(id, caller);
    }

    public TradeInView cancel(UUID id, TradeInRequests.Cancellation request, Caller caller) {
        return transitions.cancel(id, request.reason(), caller);
    }

    public Optional<TradeInView> find(UUID id, Caller caller) {
        return tradeIns.findByIdOptional(id).filter(t -> visible(t, caller))
                .map(t -> TradeInView.of(t, claims.isDelivered(t.id()), dealers.findByIdOptional(t.dealerId()).orElse(null)));
    }

    /**
     * Internal bulk read for subsidy-service (SERVICE only, checked on the resource): the trade-ins with these
     * ids as {@code GET /api/trade-ins/{id}} shows them, each with its dealer's district and agent-point
     * status, in the order asked for, each once. Unknown ids are left out. Three queries for any number of ids.
     */
    public TradeInLookup.Answer lookup(List<UUID> ids) {
        List<UUID> distinct = ids.stream().distinct().toList();
        Map<UUID, TradeIn> found = new java.util.HashMap<>();
        tradeIns.list("id in ?1", distinct).forEach(t -> found.put(t.id(), t));
        if (found.isEmpty()) {
            return new TradeInLookup.Answer(List.of());
        }
        Map<UUID, TradeInLookup.DealerSummary> dealerSummaries = new java.util.HashMap<>();
        Map<UUID, cn.ebike.tradein.dealer.Dealer> dealerById = new java.util.HashMap<>();
        dealers.list("id in ?1", found.values().stream().map(TradeIn::dealerId).distinct().toList())
                .forEach(d -> {
                    dealerById.put(d.id(), d);
                    dealerSummaries.put(d.id(), new TradeInLookup.DealerSummary(d.id(), d.district(), d.authorizedAgent()));
                });
        Set<UUID> delivered = claims.deliveredAmong(found.keySet());
        return new TradeInLookup.Answer(distinct.stream().map(found::get).filter(java.util.Objects::nonNull)
                .map(t -> TradeInLookup.Item.of(TradeInView.of(t, delivered.contains(t.id()), dealerById.get(t.dealerId())),
                        dealerSummaries.get(t.dealerId())))
                .toList());
    }

    public Optional<List<AuditEntry.AuditView>> history(UUID id, Caller caller) {
        return tradeIns.findByIdOptional(id).filter(t -> visible(t, caller))
                .map(t -> audit.history(AuditTrail.TRADE_IN, t.id()));
    }

    public Page<TradeInView> list(Caller caller, Optional<TradeInStatus> status, Optional<UUID> dealerId,
            Optional<UUID> ownerId, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!caller.is(Roles.REGULATOR)) {
            if (caller.is(Roles.DEALER)) {
                query.append(" and dealerId = :scopeDealer");
                params.and("scopeDealer", caller.requireDealerId());
            } else if (caller.is(Roles.OWNER) && caller.ownerId().isPresent()) {
                query.append(" and ownerId = :scopeOwner");
                params.and("scopeOwner", caller.ownerId().get());
            } else {
                return new Page<>(List.of(), page.page(), page.size(), 0);
            }
        }
        status.ifPresent(s -> {
            query.append(" and status = :status");
            params.and("status", s);
        });
        dealerId.ifPresent(d -> {
            query.append(" and dealerId = :dealerId");
            params.and("dealerId", d);
        });
        ownerId.ifPresent(o -> {
            query.append(" and ownerId = :ownerId");
            params.and("ownerId", o);
        });
        var found = tradeIns.find(query.toString(), Sort.descending("openedAt").and("id"), params);
        long total = found.count();
        List<TradeIn> items = page.beyondAnyResult() ? List.of() : found.page(page.intPage(), page.size()).list();
        Set<UUID> delivered = claims.deliveredAmong(items.stream().map(TradeIn::id).toList());
        List<UUID> dealerIds = items.stream().map(TradeIn::dealerId).distinct().toList();
        Map<UUID, cn.ebike.tradein.dealer.Dealer> byId = new java.util.HashMap<>();
        if (!dealerIds.isEmpty()) {
            dealers.list("id in ?1", dealerIds).forEach(d -> byId.put(d.id(), d));
        }
        return new Page<>(items.stream()
                .map(t -> TradeInView.of(t, delivered.contains(t.id()), byId.get(t.dealerId()))).toList(),
                page.page(), page.size(), total);
    }

    public TradeInStats stats() {
        DealerRepository.DealerCounts d = dealers.counts();
        Map<TradeInStatus, Long> byStatus = tradeIns.countByStatus();
        return new TradeInStats(d.dealers(), d.commitmentSigned(), d.tradeInEnabled(),
                TradeInStats.activationRate(d.tradeInEnabled(), d.dealers()), d.authorizedAgents(),
                byStatus.get(TradeInStatus.OPEN), byStatus.get(TradeInStatus.COMPLETED),
                byStatus.get(TradeInStatus.CANCELLED), claims.undelivered());
    }

    public Page<ClaimOutbox.ClaimView> claims(Optional<Boolean> delivered, PageRequest page) {
        String query = delivered.map(d -> d ? "deliveredAt is not null" : "deliveredAt is null").orElse("1 = 1");
        var found = claims.find(query, Sort.descending("createdAt").and("id"));
        long total = found.count();
        List<ClaimOutbox> rows = page.beyondAnyResult() ? List.of() : found.page(page.intPage(), page.size()).list();
        return new Page<>(rows.stream().map(ClaimOutbox::view).toList(),
                page.page(), page.size(), total);
    }

    private TradeIn ownedByCallersDealer(UUID id, Caller caller) {
        UUID dealerId = caller.requireDealerId();
        return tradeIns.findByIdOptional(id).filter(t -> t.dealerId().equals(dealerId))
                .orElseThrow(() -> ApiException.notFound("trade-in"));
    }

    private static boolean visible(TradeIn t, Caller caller) {
        if (caller.is(Roles.REGULATOR) || caller.is(Roles.SERVICE)) {
            return true;
        }
        if (caller.is(Roles.DEALER) && t.dealerId().equals(caller.requireDealerId())) {
            return true;
        }
        return caller.is(Roles.OWNER) && caller.ownerId().map(t.ownerId()::equals).orElse(false);
    }

    static ApiException tradeInNotEnabled() {
        return ApiException.conflict("trade-in-not-enabled", "the dealer has not enabled the trade-in function");
    }

    static ApiException receiptAlreadyUsed() {
        return ApiException.conflict(RefusedAttemptRepository.RECEIPT_ALREADY_USED,
                "this recycling receipt number was already presented in another trade-in", "recyclingReceiptNo");
    }

    static ApiException notBoughtInTradeIn() {
        return ApiException.conflict(RefusedAttemptRepository.NEW_VEHICLE_NOT_BOUGHT,
                "the new vehicle must be registered by this dealer after the trade-in was opened", "newVehicleId");
    }

    static ApiException oldVehicleTaken() {
        return ApiException.conflict("vehicle-in-trade-in", "the old vehicle is already in another live trade-in",
                "oldVehicleId");
    }

    static ApiException newVehicleTaken() {
        return ApiException.conflict("vehicle-in-trade-in", "the new vehicle already backs another live trade-in",
                "newVehicleId");
    }

    private static ApiException notEligible(String field, String detail) {
        return ApiException.conflict("vehicle-not-eligible", detail, field);
    }
}
