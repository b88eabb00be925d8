-- Regulators' figures (issue 13): the dealer table's grants per dealer (granted, paid, fen granted) without
-- reading 100,000 subsidy rows per request. Kept exactly, in the transaction that changes a subsidy, by the
-- statement triggers below (every code path, a bulk load by SQL and a hand-made fix included), and filled here
-- from the rows that exist.
--
-- APPEND-ONLY, no counter row to update: a changed statement INSERTs one delta row per dealer it touched
-- (its old rows count -1, its new rows +1; a payout GRANTED -> PAID moves one from "granted only" to "paid";
-- a lease or an attempt counter changes nothing and adds nothing). An UPDATE ... SET n = n + delta on one row
-- per dealer would be a new hot row in the first-come grant transaction: DecisionWriter inserts the grants
-- first and locks the phase rows last, so the dealer row would be locked from the INSERT to the commit (longer
-- than the phase row), and a batch whose re-evaluations (separate statements) and the payout worker's updates
-- lock several dealers' rows in other orders could deadlock with another batch. An INSERT of new rows waits for
-- nobody. SubsidyFigures.compactDealerCounts() folds the deltas into one row per dealer now and then
-- (DELETE ... RETURNING + INSERT of the sums in one statement: a delta committed meanwhile is not in its snapshot
-- and stays); a reader sums the rows of its snapshot, before or after a fold, never between.

CREATE TABLE subsidy_dealer_counts (
    dealer_id   uuid   NOT NULL,
    granted     bigint NOT NULL,
    paid        bigint NOT NULL,
    granted_fen bigint NOT NULL
);

-- %1$s is the set of changed rows with their sign: (sign, ...subsidy columns)
CREATE FUNCTION subsidy_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    delta text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, dealer_id, status, amount_fen FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, dealer_id, status, amount_fen FROM old_rows'
        ELSE 'SELECT -1 AS sign, dealer_id, status, amount_fen FROM old_rows '
             'UNION ALL SELECT 1, dealer_id, status, amount_fen FROM new_rows' END;
BEGIN
    EXECUTE format($sql$
        WITH r AS (%1$s)
        INSERT INTO subsidy_dealer_counts (dealer_id, granted, paid, granted_fen)
        SELECT * FROM (
            SELECT dealer_id, sum(sign) AS granted, coalesce(sum(sign) FILTER (WHERE status = 'PAID'), 0) AS paid,
                   coalesce(sum(sign * amount_fen), 0) AS granted_fen
              FROM r WHERE status <> 'REJECTED' AND dealer_id IS NOT NULL GROUP BY dealer_id) x
         WHERE granted <> 0 OR paid <> 0 OR granted_fen <> 0
        $sql$, delta);
    RETURN NULL;
END $fn$;

CREATE TRIGGER subsidy_figures_insert AFTER INSERT ON subsidy REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION subsidy_figures_changed();
CREATE TRIGGER subsidy_figures_update AFTER UPDATE ON subsidy
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION subsidy_figures_changed();
CREATE TRIGGER subsidy_figures_delete AFTER DELETE ON subsidy REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION subsidy_figures_changed();

-- the rows that exist (a table lock keeps a subsidy from changing between the fill and the triggers)
LOCK TABLE subsidy IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO subsidy_dealer_counts (dealer_id, granted, paid, granted_fen)
SELECT dealer_id, count(*), count(*) FILTER (WHERE status = 'PAID'), coalesce(sum(amount_fen), 0)
  FROM subsidy WHERE status <> 'REJECTED' AND dealer_id IS NOT NULL GROUP BY dealer_id;
