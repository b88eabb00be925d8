package cn.ebike.tradein.supervision;

import cn.ebike.common.figures.Queries;
import cn.ebike.tradein.supervision.CreditRule.Conduct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One dealer's conduct in the trade-ins since a moment (the credit grade's 12 months), by the same thresholds as the
 * regulators' fraud signals ({@code cn.ebike.tradein.figures.TradeInSignals}, {@code tradein.signals.*}): refused
 * attempts recorded in {@code refused_attempts}, trade-ins completed within minutes of opening, and whether its
 * cancellation rate is an outlier among the dealers.
 */
@ApplicationScoped
public class DealerConduct {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "tradein.signals.fast-completion-minutes", defaultValue = "10")
    int fastCompletionMinutes;

    @ConfigProperty(name = "tradein.signals.cancellation-min-volume", defaultValue = "20")
    int cancellationMinVolume;

    @ConfigProperty(name = "tradein.signals.cancellation-min-rate", defaultValue = "0.3")
    double cancellationMinRate;

    @ConfigProperty(name = "tradein.signals.cancellation-factor", defaultValue = "2")
    double cancellationFactor;

    public Conduct since(UUID dealerId, Instant since) {
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
                    ps.setInt(3, fastCompletionMinutes);
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
                    if (opened < cancellationMinVolume || cancelled == 0) {
                        return false;
                    }
                    double rate = (double) cancelled / opened;
                    double peerRate = peersOpened == 0 ? 0 : (double) peersCancelled / peersOpened;
                    return rate >= cancellationMinRate && rate >= cancellationFactor * peerRate;
                }).get(0);
        return new Conduct((int) Math.min(Integer.MAX_VALUE, refused), (int) Math.min(Integer.MAX_VALUE, fast),
                fastCompletionMinutes, outlier);
    }
}
