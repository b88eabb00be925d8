package cn.ebike.tradein.figures;

import cn.ebike.common.figures.Queries;
import cn.ebike.tradein.tradein.RefusedAttemptRepository;
import cn.ebike.tradein.config.TradeInConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * tradein's fraud signals for the regulators ({@code GET /api/stats/signals}): patterns worth a look, each
 * with its evidence in words. The subject is always the dealer's id; the evidence names the dealer (a
 * business) and counts, never an owner, a phone or an id number.
 * <ul>
 * <li>{@code FAST_COMPLETION}: trade-ins completed within {@code tradein.signals.fast-completion-minutes}
 * (default 10) of opening; recycling and a new bike in minutes is rarely real.</li>
 * <li>{@code CANCELLATION_OUTLIER}: a dealer with at least {@code ...cancellation-min-volume} (20) trade-ins
 * whose cancellation rate is at least {@code ...cancellation-min-rate} (0.3) and at least
 * {@code ...cancellation-factor} (2) times the rate of all other dealers together.</li>
 * <li>{@code RECEIPT_REUSE_ATTEMPT}, {@code PREEXISTING_BIKE_ATTEMPT}: refused attempts (refused_attempts)
 * to present a recycling receipt again or a new bike not bought in the trade-in.</li>
 * </ul>
 */
@ApplicationScoped
public class TradeInSignals {

    public record Signal(String type, String subject, String evidence, Instant firstSeen, long count) {
    }

    private final DataSource dataSource;

    private final TradeInConfig config;

    public TradeInSignals(DataSource dataSource, TradeInConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public List<Signal> all() {
        List<Signal> out = new ArrayList<>();
        out.addAll(fastCompletions());
        out.addAll(cancellationOutliers());
        out.addAll(refused(RefusedAttemptRepository.RECEIPT_ALREADY_USED, "RECEIPT_REUSE_ATTEMPT",
                "次提交已在其他以旧换新中使用过的回收凭证，已被拒绝"));
        out.addAll(refused(RefusedAttemptRepository.NEW_VEHICLE_NOT_BOUGHT, "PREEXISTING_BIKE_ATTEMPT",
                "次以并非在本次以旧换新中购买的车辆（开单前已登记或非本经销商登记）作为新车，已被拒绝"));
        return out;
    }

    List<Signal> fastCompletions() {
        TradeInConfig.Signals signals = config.signals();
        // per dealer, its completed trade-ins shorter than the limit: the front of its entries in
        // trade_ins_figures_duration (dealer, duration), not every completed trade-in
        String sql = "SELECT d.id, d.name, f.n, f.first FROM dealers d CROSS JOIN LATERAL (SELECT count(*) AS n, "
                + "min(t.completed_at) AS first FROM trade_ins t WHERE t.dealer_id = d.id AND t.status = 'COMPLETED' "
                + "AND t.completed_at - t.opened_at < make_interval(mins => ?)) f WHERE f.n > 0 ORDER BY f.first, d.id";
        return Queries.query(dataSource, sql, ps -> ps.setInt(1, signals.fastCompletionMinutes()),
                rs -> new Signal("FAST_COMPLETION", rs.getString(1),
                        "经销商「" + rs.getString(2) + "」有 " + rs.getLong(3) + " 笔以旧换新在开单后 "
                                + signals.fastCompletionMinutes() + " 分钟内即完成（回收与新车登记均已办完）",
                        rs.getTimestamp(4).toInstant(), rs.getLong(3)));
    }

    List<Signal> cancellationOutliers() {
        TradeInConfig.Signals signals = config.signals();
        // opened and cancelled per dealer from the monthly counters (V19_1), the first cancellation from
        // trade_ins_figures_cancelled: a few thousand rows and one index probe per dealer, not every trade-in
        String sql = "WITH per AS (SELECT m.dealer_id, sum(m.opened)::bigint AS opened, "
                + "sum(m.cancelled)::bigint AS cancelled, (SELECT min(t.cancelled_at) FROM trade_ins t "
                + "WHERE t.dealer_id = m.dealer_id AND t.cancelled_at IS NOT NULL) AS first_cancelled "
                + "FROM trade_in_dealer_months m GROUP BY m.dealer_id), "
                + "total AS (SELECT sum(opened) AS opened, sum(cancelled) AS cancelled FROM per) "
                + "SELECT d.id, d.name, per.opened, per.cancelled, per.first_cancelled, "
                + "total.opened - per.opened, total.cancelled - per.cancelled "
                + "FROM per JOIN dealers d ON d.id = per.dealer_id CROSS JOIN total "
                + "WHERE per.opened >= ? AND per.cancelled > 0 ORDER BY per.first_cancelled, d.id";
        List<Signal> out = new ArrayList<>();
        Queries.query(dataSource, sql, ps -> ps.setInt(1, signals.cancellationMinVolume()), rs -> {
            long opened = rs.getLong(3);
            long cancelled = rs.getLong(4);
            long peersOpened = rs.getLong(6);
            long peersCancelled = rs.getLong(7);
            double rate = (double) cancelled / opened;
            double peerRate = peersOpened == 0 ? 0 : (double) peersCancelled / peersOpened;
            if (rate >= signals.cancellationMinRate() && rate >= signals.cancellationFactor() * peerRate) {
                out.add(new Signal("CANCELLATION_OUTLIER", rs.getString(1), "经销商「" + rs.getString(2) + "」共 "
                        + opened + " 笔以旧换新，撤销 " + cancelled + " 笔，撤销率 " + percent(rate)
                        + "，其他经销商合计撤销率 " + percent(peerRate), rs.getTimestamp(5).toInstant(), cancelled));
            }
            return null;
        });
        return out;
    }

    List<Signal> refused(String kind, String type, String words) {
        String sql = "SELECT d.id, d.name, count(*), min(r.at) FROM refused_attempts r "
                + "JOIN dealers d ON d.id = r.dealer_id WHERE r.kind = ? GROUP BY d.id, d.name "
                + "ORDER BY min(r.at), d.id";
        return Queries.query(dataSource, sql, ps -> ps.setString(1, kind), rs -> new Signal(type, rs.getString(1),
                "经销商「" + rs.getString(2) + "」" + rs.getLong(3) + " " + words, rs.getTimestamp(4).toInstant(),
                rs.getLong(3)));
    }

    private static String percent(double rate) {
        return BigDecimal.valueOf(rate * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
