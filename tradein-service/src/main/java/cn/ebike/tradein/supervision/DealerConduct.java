package cn.ebike.tradein.supervision;

import cn.ebike.common.figures.Queries;
import cn.ebike.tradein.supervision.CreditRule.Conduct;
import cn.ebike.tradein.config.TradeInConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One dealer's conduct in the trade-ins since a moment (the credit grade's 12 months), by the same thresholds as the
 * regulators' fraud signals ({@code cn.ebike.tradein.figures.TradeInSignals}; both read the one
 * {@code TradeInConfig.Signals} group, {@code tradein.signals.*}): refused
 * attempts recorded in {@code refused_attempts}, trade-ins completed within minutes of opening, and whether its
 * cancellation rate is an outlier among the dealers.
 */
@ApplicationScoped
public class DealerConduct {

    private final DataSource dataSource;

    private final TradeInConfig config;

    public DealerConduct(DataSource dataSource, TradeInConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public Conduct since(UUID dealerId, Instant since) {
        TradeInConfig.Signals signals = config.signals();
        Timestamp from = Timestamp.from(since);
        long refused = Queries.query(dataSource,
                "SELECT count(*) FROM refused_attempts WHERE dealer_id = ? AND at >= ?",
                ps -> {
                    ps.setObject(1, dealerId);
                    ps.setTimestamp(2, from);
                }, rs -> rs.getLong(1)).get(0);
        long fast = Queries.query(dataSource,
                "SELECT count(*) FROM trade_ins WHERE dealer_id = ? AND status = 'COMPLETED' AND completed_at >= ? "
                        + "AND completed_at < opened_at + make_interval(mins => ?)",
                ps -> {
                    ps.setObject(1, dealerId);
                    ps.setTimestamp(2, from);
                    ps.setInt(3, signals.fastCompletionMinutes());
                }, rs -> rs.getLong(1)).get(0);
        boolean outlier = Queries.query(dataSource,
                "SELECT count(*) FILTER (WHERE dealer_id = ?), "
                        + "count(*) FILTER (WHERE dealer_id = ? AND status = 'CANCELLED'), "
                        + "count(*) FILTER (WHERE dealer_id <> ?), "
                        + "count(*) FILTER (WHERE dealer_id <> ? AND status = 'CANCELLED') "
                        + "FROM trade_ins WHERE opened_at >= ?",
                ps -> {
                    for (int i = 1; i <= 4; i++) {
                        ps.setObject(i, dealerId);
                    }
                    ps.setTimestamp(5, from);
                }, rs -> {
                    long opened = rs.getLong(1);
                    long cancelled = rs.getLong(2);
                    long peersOpened = rs.getLong(3);
                    long peersCancelled = rs.getLong(4);
                    if (opened < signals.cancellationMinVolume() || cancelled == 0) {
                        return false;
                    }
                    double rate = (double) cancelled / opened;
                    double peerRate = peersOpened == 0 ? 0 : (double) peersCancelled / peersOpened;
                    return rate >= signals.cancellationMinRate() && rate >= signals.cancellationFactor() * peerRate;
                }).get(0);
        return new Conduct((int) Math.min(Integer.MAX_VALUE, refused), (int) Math.min(Integer.MAX_VALUE, fast),
                signals.fastCompletionMinutes(), outlier);
    }
}
