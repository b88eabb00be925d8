-- Regulators' figures (issue 13): grants and payouts per day/week, per dealer, and each phase's burn-down.
-- A grant counts in its campaign's district.
CREATE INDEX subsidy_granted_at ON subsidy (phase_id, granted_at) WHERE granted_at IS NOT NULL;
CREATE INDEX subsidy_granted_time ON subsidy (granted_at) WHERE granted_at IS NOT NULL;
CREATE INDEX subsidy_paid_at ON subsidy (paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX subsidy_dealer ON subsidy (dealer_id) WHERE status <> 'REJECTED';
