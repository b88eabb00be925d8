package cn.ebike.tradein.tradein;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class TradeInRepository implements PanacheRepositoryBase<TradeIn, UUID> {

    static final List<TradeInStatus> LIVE = List.of(TradeInStatus.OPEN, TradeInStatus.COMPLETED);

    public boolean oldVehicleInLiveTradeIn(UUID vehicleId) {
        return count("oldVehicleId = ?1 and status in ?2", vehicleId, LIVE) > 0;
    }

    public boolean newVehicleInOtherLiveTradeIn(UUID vehicleId, UUID tradeInId) {
        return count("newVehicleId = ?1 and status in ?2 and id <> ?3", vehicleId, LIVE, tradeInId) > 0;
    }

    /** Whether another trade-in (any dealer, any status) already holds this normalised receipt number. */
    public boolean receiptUsedElsewhere(String receiptKey, UUID tradeInId) {
        return count("recyclingReceiptKey = ?1 and id <> ?2", receiptKey, tradeInId) > 0;
    }

    public Map<TradeInStatus, Long> countByStatus() {
        Map<TradeInStatus, Long> counts = new EnumMap<>(TradeInStatus.class);
        for (TradeInStatus s : TradeInStatus.values()) {
            counts.put(s, 0L);
        }
        List<Object[]> rows = getEntityManager()
                .createQuery("select t.status, count(t) from TradeIn t group by t.status", Object[].class)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((TradeInStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }
}
