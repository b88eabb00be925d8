-- Regulators' signals (issue 13): PHASE_BOUNDARY_BURST looks for grants whose trade-in completed within minutes of
-- their phase's opening (SubsidySignals). Without an index it filters every subsidy (a sequential scan of 100,000
-- rows on each dealer table and signals request); with this one it reads, per phase, only the entries of those
-- first minutes (Index Only Scan, Index Cond: phase_id = p.id AND completed_at >= p.starts_at AND < starts_at + w).
CREATE INDEX subsidy_figures_phase_completed ON subsidy (phase_id, completed_at) INCLUDE (dealer_id, status)
    WHERE status <> 'REJECTED' AND dealer_id IS NOT NULL;
