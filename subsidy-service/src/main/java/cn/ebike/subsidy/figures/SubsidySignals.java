package cn.ebike.subsidy.figures;

import cn.ebike.common.figures.Queries;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * subsidy's fraud signals for the regulators ({@code GET /api/stats/signals}), nothing personal beyond masked
 * values:
 * <ul>
 * <li>{@code SHARED_WALLET}: one e-CNY wallet bound by several owners (rows flagged {@code wallet_hash_shared}
 * because they were bound before the one-wallet rule); the subject is the masked wallet.</li>
 * <li>{@code PHASE_BOUNDARY_BURST}: at least {@code subsidy.signals.burst-min-grants} (5) grants for one dealer
 * whose trade-ins completed within {@code subsidy.signals.burst-window-minutes} (10) of their phase opening;
 * the subject is the dealer's id.</li>
 * </ul>
 */
@ApplicationScoped
public class SubsidySignals {

    public record Signal(String type, String subject, String evidence, Instant firstSeen, long count) {
    }

    private final DataSource dataSource;

    private final int burstWindowMinutes;

    private final int burstMinGrants;

    public SubsidySignals(DataSource dataSource,
            @ConfigProperty(name = "subsidy.signals.burst-window-minutes", defaultValue = "10") int burstWindowMinutes,
            @ConfigProperty(name = "subsidy.signals.burst-min-grants", defaultValue = "5") int burstMinGrants) {
        this.dataSource = dataSource;
        this.burstWindowMinutes = burstWindowMinutes;
        this.burstMinGrants = burstMinGrants;
    }

    public List<Signal> all() {
        List<Signal> out = new ArrayList<>(sharedWallets());
        out.addAll(phaseBoundaryBursts());
        return out;
    }

    List<Signal> sharedWallets() {
        String sql = "SELECT count(*), min(bound_at) FILTER (WHERE wallet_hash_shared IS NOT NULL), "
                + "(array_agg(wallet_masked ORDER BY bound_at, owner_id))[1] "
                + "FROM wallet WHERE coalesce(wallet_hash, wallet_hash_shared) IS NOT NULL "
                + "GROUP BY coalesce(wallet_hash, wallet_hash_shared) "
                + "HAVING count(*) FILTER (WHERE wallet_hash_shared IS NOT NULL) > 0 ORDER BY 2";
        return Queries.query(dataSource, sql, ps -> { }, rs -> new Signal("SHARED_WALLET", rs.getString(3), rs.getLong(1)
                + " 位车主绑定了同一数字人民币钱包 " + rs.getString(3) + "，补贴可能流向同一人",
                rs.getTimestamp(2).toInstant(), rs.getLong(1)));
    }

    List<Signal> phaseBoundaryBursts() {
        String sql = "SELECT s.dealer_id, c.name, p.name, count(*), min(s.completed_at) FROM subsidy s "
                + "JOIN phase p ON p.id = s.phase_id JOIN campaign c ON c.id = p.campaign_id "
                + "WHERE s.status <> 'REJECTED' AND s.dealer_id IS NOT NULL AND s.completed_at >= p.starts_at "
                + "AND s.completed_at < p.starts_at + make_interval(mins => ?) "
                + "GROUP BY s.dealer_id, p.id, c.name, p.name HAVING count(*) >= ? ORDER BY min(s.completed_at)";
        return Queries.query(dataSource, sql, ps -> {
            ps.setInt(1, burstWindowMinutes);
            ps.setInt(2, burstMinGrants);
        }, rs -> new Signal("PHASE_BOUNDARY_BURST", rs.getString(1), "该经销商在活动「" + rs.getString(2)
                + "」阶段「" + rs.getString(3) + "」开放后 " + burstWindowMinutes + " 分钟内完成并获补贴 "
                + rs.getLong(4) + " 笔", rs.getTimestamp(5).toInstant(), rs.getLong(4)));
    }
}
