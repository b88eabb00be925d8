-- Regulators' figures (issue 13, benchmark at 100,000 trade-ins): covering indexes, so the dealer table, the
-- district completion, the funnel and the completed series are index-only scans (no table reads).
-- dealer table (opened in range per dealer), completion by district and the funnel (every trade-in's steps)
DROP INDEX IF EXISTS trade_ins_dealer_status;
CREATE INDEX trade_ins_figures_dealer ON trade_ins (dealer_id, opened_at)
    INCLUDE (status, completed_at, recycled_at, new_vehicle_id);
-- completed per day/week (and per district through the dealer)
DROP INDEX IF EXISTS trade_ins_completed_at;
CREATE INDEX trade_ins_figures_completed ON trade_ins (completed_at) INCLUDE (dealer_id)
    WHERE completed_at IS NOT NULL;
