-- Regulators' figures (issue 13): a trade-in counts in its dealer's district (dealers.district); these
-- indexes serve the aggregate queries per day/week, per dealer and per district.
CREATE INDEX trade_ins_completed_at ON trade_ins (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX trade_ins_dealer_status ON trade_ins (dealer_id, status);
CREATE INDEX dealers_district ON dealers (district);
