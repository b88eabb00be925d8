package cn.ebike.tradein.tradein;

import cn.ebike.common.time.BusinessClock;
import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.problem.DatabaseErrors;
import cn.ebike.common.security.Roles;
import cn.ebike.tradein.common.Times;
import cn.ebike.tradein.dealer.Dealer;
import cn.ebike.tradein.dealer.DealerRepository;
import cn.ebike.tradein.outbox.ClaimOutbox;
import cn.ebike.tradein.outbox.ClaimOutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The database half of each trade-in change, one transaction each. The trade-in row is locked
 * ({@code SELECT ... FOR UPDATE}) before its state is checked and changed, so concurrent requests on the
 * same trade-in run one after the other and the second sees the first's result (two completions: one 200,
 * one 409). No call to another service happens in here.
 */
@ApplicationScoped
public class TradeInTransitions {

    private final TradeInRepository tradeIns;

    private final DealerRepository dealers;

    private final ClaimOutboxRepository claims;

    private final AuditTrail audit;

    /** opened, recycled, completed and cancelled are the figures' times: the business clock's (tests move it) */
    private final BusinessClock clock;

    public TradeInTransitions(TradeInRepository tradeIns, DealerRepository dealers, ClaimOutboxRepository claims,
            AuditTrail audit, BusinessClock clock) {
        this.tradeIns = tradeIns;
        this.dealers = dealers;
        this.claims = claims;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public TradeInView open(UUID dealerId, TradeInRequests.Open request, Actor actor) {
        Dealer dealer = dealers.findByIdOptional(dealerId, LockModeType.PESSIMISTIC_READ)
                .orElseThrow(TradeInService::tradeInNotEnabled);
        if (!dealer.tradeInEnabled()) {
            throw TradeInService.tradeInNotEnabled();
        }
        TradeIn tradeIn = TradeIn.open(dealerId, request.ownerId(), request.oldVehicleId(), clock.now());
        try {
            tradeIns.persistAndFlush(tradeIn);
        } catch (PersistenceException e) {
            if (DatabaseErrors.violated(e, "trade_ins_old_vehicle_live")) {
                throw TradeInService.oldVehicleTaken();
            }
            throw e;
        }
        audit.record(actor, "OPENED", AuditTrail.TRADE_IN, tradeIn.id(), null, TradeInStatus.OPEN.name(),
                "old vehicle " + request.oldVehicleId() + ", dealer " + dealerId);
        return TradeInView.of(tradeIn, false);
    }

    @Transactional
    public TradeInView recordRecycling(UUID id, TradeInRequests.Recycling request, Caller caller) {
        TradeIn tradeIn = lockForDealer(id, caller);
        tradeIn.recordRecycling(request.recyclingReceiptNo().trim(), request.batteryReturned(), clock.now());
        try {
            tradeIns.flush();
        } catch (PersistenceException e) {
            if (DatabaseErrors.violated(e, "trade_ins_receipt_once")) {
                throw TradeInService.receiptAlreadyUsed();
            }
            throw e;
        }
        audit.record(Actor.of(caller), "RECYCLED", AuditTrail.TRADE_IN, id, tradeIn.status().name(),
                tradeIn.status().name(), "receipt " + tradeIn.recyclingReceiptNo() + ", battery returned, old vehicle "
                        + tradeIn.oldVehicleId() + " scrapped");
        return TradeInView.of(tradeIn, false);
    }

    @Transactional
    public TradeInView recordNewVehicle(UUID id, UUID newVehicleId, Caller caller) {
        TradeIn tradeIn = lockForDealer(id, caller);
        tradeIn.recordNewVehicle(newVehicleId);
        try {
            tradeIns.flush();
        } catch (PersistenceException e) {
            if (DatabaseErrors.violated(e, "trade_ins_new_vehicle_live")) {
                throw TradeInService.newVehicleTaken();
            }
            throw e;
        }
        audit.record(Actor.of(caller), "NEW_VEHICLE_RECORDED", AuditTrail.TRADE_IN, id, tradeIn.status().name(),
                tradeIn.status().name(), "new vehicle " + newVehicleId);
        return TradeInView.of(tradeIn, false);
    }

    /** Completes the trade-in and, in the same transaction, queues its claim for subsidy-service. */
    @Transactional
    public TradeInView complete(UUID id, Caller caller) {
        TradeIn tradeIn = lockForDealer(id, caller);
        TradeInStatus from = tradeIn.status();
        tradeIn.complete(clock.now());
        claims.persist(ClaimOutbox.forTradeIn(id, tradeIn.completedAt()));
        audit.record(Actor.of(caller), "COMPLETED", AuditTrail.TRADE_IN, id, from.name(), tradeIn.status().name(),
                "claim queued for subsidy-service");
        return TradeInView.of(tradeIn, false);
    }

    @Transactional
    public TradeInView cancel(UUID id, String reason, Caller caller) {
        TradeIn tradeIn = tradeIns.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(t -> caller.is(Roles.REGULATOR) || (caller.is(Roles.DEALER)
                        && t.dealerId().equals(caller.requireDealerId())))
                .orElseThrow(() -> ApiException.notFound("trade-in"));
        TradeInStatus from = tradeIn.status();
        tradeIn.cancel(reason.trim(), clock.now());
        audit.record(Actor.of(caller), "CANCELLED", AuditTrail.TRADE_IN, id, from.name(), tradeIn.status().name(),
                reason.trim());
        return TradeInView.of(tradeIn, claims.isDelivered(id));
    }

    private TradeIn lockForDealer(UUID id, Caller caller) {
        UUID dealerId = caller.requireDealerId();
        return tradeIns.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(t -> t.dealerId().equals(dealerId))
                .orElseThrow(() -> ApiException.notFound("trade-in"));
    }
}
