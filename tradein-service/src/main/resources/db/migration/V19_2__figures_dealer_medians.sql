-- The dealer table's exact median hours to complete (issue 13) without walking every dealer's completed trade-ins
-- on every request. The median of a dealer over ALL its trade-ins (the table's default, an open range) changes
-- only when one of its completed trade-ins changes; so each dealer has a version, raised by the statement
-- triggers below in the transaction that changes a completed trade-in of the dealer (completing, un-completing by
-- hand, deleting, editing opened_at/completed_at; any update of a row that is or was COMPLETED counts, which is
-- more than needed, never less), and the last median computed with the version it was computed at
-- (TradeInFigures.byDealer). A median is used only while its version is the dealer's version; otherwise it is
-- computed again from the index trade_ins_figures_duration (in the same statement, so from the same snapshot as
-- the version read) and written back only if the version is still the one read. Exact at every read: a
-- stale median is never shown, only recomputed.
--
-- Contention: the version row is one more row per dealer in a completing transaction, after the two counter rows
-- V19_1 already upserts (trade_in_district_days, then trade_in_dealer_months, then this; each statement in key
-- order), so the order of locks is the same in every transaction. The write-back of a reader skips a row another
-- transaction holds (SKIP LOCKED): a reader never waits for a writer, a writer waits at most for one short
-- autocommit UPDATE.

CREATE TABLE trade_in_dealer_medians (
    dealer_id     uuid   PRIMARY KEY,
    version       bigint NOT NULL DEFAULT 0,
    -- the version the median below was computed at (null: never computed)
    known_version bigint,
    -- hours from opening to completion, percentile_cont(0.5) over the dealer's completed trade-ins (null: none)
    hours         float8
);

CREATE FUNCTION trade_in_median_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT dealer_id FROM new_rows WHERE status = ''COMPLETED'''
        WHEN 'DELETE' THEN 'SELECT dealer_id FROM old_rows WHERE status = ''COMPLETED'''
        ELSE 'SELECT dealer_id FROM old_rows WHERE status = ''COMPLETED'' '
             'UNION SELECT dealer_id FROM new_rows WHERE status = ''COMPLETED''' END;
BEGIN
    EXECUTE format($sql$
        INSERT INTO trade_in_dealer_medians AS m (dealer_id, version)
        SELECT DISTINCT dealer_id, 1 FROM (%1$s) r WHERE dealer_id IS NOT NULL ORDER BY dealer_id
        ON CONFLICT (dealer_id) DO UPDATE SET version = m.version + 1
        $sql$, changed);
    RETURN NULL;
END $fn$;

CREATE TRIGGER trade_ins_median_insert AFTER INSERT ON trade_ins REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_median_changed();
CREATE TRIGGER trade_ins_median_update AFTER UPDATE ON trade_ins
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_median_changed();
CREATE TRIGGER trade_ins_median_delete AFTER DELETE ON trade_ins REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_median_changed();

-- every dealer with a completed trade-in gets its row (no median known yet)
LOCK TABLE trade_ins IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO trade_in_dealer_medians (dealer_id)
SELECT DISTINCT dealer_id FROM trade_ins WHERE status = 'COMPLETED';
