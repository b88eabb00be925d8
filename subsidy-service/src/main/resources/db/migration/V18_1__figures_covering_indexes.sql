-- Regulators' figures (issue 13, benchmark at 100,000 subsidies): the V13_1 indexes, now carrying the columns
-- each figure counts or filters on, so every figure is an index-only scan. (The funnel already is one, on
-- subsidy_campaign_status (campaign_id, status).)
-- each phase's burn-down
DROP INDEX IF EXISTS subsidy_granted_at;
CREATE INDEX subsidy_figures_phase_granted ON subsidy (phase_id, granted_at) INCLUDE (status)
    WHERE granted_at IS NOT NULL;
-- granted per day/week (per district through the campaign)
DROP INDEX IF EXISTS subsidy_granted_time;
CREATE INDEX subsidy_figures_granted ON subsidy (granted_at) INCLUDE (status, campaign_id)
    WHERE granted_at IS NOT NULL;
-- paid and fen paid per day/week
DROP INDEX IF EXISTS subsidy_paid_at;
CREATE INDEX subsidy_figures_paid ON subsidy (paid_at) INCLUDE (status, amount_fen, campaign_id)
    WHERE paid_at IS NOT NULL;
-- the dealer table's grants
DROP INDEX IF EXISTS subsidy_dealer;
CREATE INDEX subsidy_figures_dealer ON subsidy (dealer_id) INCLUDE (status, amount_fen)
    WHERE status <> 'REJECTED';
