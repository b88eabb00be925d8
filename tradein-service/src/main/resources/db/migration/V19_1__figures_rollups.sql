-- Regulators' figures (issue 13) at 100,000 trade-ins without reading 100,000 rows per request: counts kept
-- exactly, in the transaction that changes a trade-in, by the statement triggers below (every code path, a
-- bulk load by SQL and a hand-made fix included, keeps them right), and filled here from the rows that exist.
--   trade_in_district_days: per district (the dealer's) and China calendar day, the trade-ins completed that
--     day and those recycled that day and not cancelled (completion by district and by month, the series)
--   trade_in_dealer_months: per dealer and China calendar month of OPENING, how many trade-ins were opened
--     then, how many of those are open, completed, cancelled now, and how many are recycled and not cancelled
--     (the dealer table and completion by dealer)
-- A change moves a trade-in's contribution: its old row counts -1, its new row +1 (completing moves it from
-- open to completed; cancelling a recycled one takes it out of "recycled"). Concurrent transactions meet on
-- one counter row and add up: INSERT ... ON CONFLICT DO UPDATE SET n = n + delta waits for the other's
-- commit, then adds to what it committed. A statement's rows are upserted in key order (no deadlock between
-- two statements). The figures read whole China days or months here and count the partial ones at a range's
-- edges from trade_ins itself (TradeInFigures).

CREATE TABLE trade_in_district_days (
    district  varchar(100) NOT NULL,
    day       date         NOT NULL,
    completed bigint       NOT NULL DEFAULT 0,
    recycled  bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (district, day)
);

CREATE TABLE trade_in_dealer_months (
    dealer_id uuid   NOT NULL,
    month     date   NOT NULL,
    opened    bigint NOT NULL DEFAULT 0,
    open      bigint NOT NULL DEFAULT 0,
    completed bigint NOT NULL DEFAULT 0,
    cancelled bigint NOT NULL DEFAULT 0,
    recycled  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (dealer_id, month)
);

-- %1$s is the set of changed rows with their sign: (sign, dealer_id, status, opened_at, recycled_at, completed_at)
CREATE FUNCTION trade_in_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    delta text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
        ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows' END;
BEGIN
    EXECUTE format($sql$
        WITH r AS (%1$s)
        INSERT INTO trade_in_district_days AS c (district, day, completed, recycled)
        SELECT district, day, sum(completed), sum(recycled) FROM (
            SELECT d.district, (r.completed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, r.sign AS completed,
                   0 AS recycled
              FROM r JOIN dealers d ON d.id = r.dealer_id
             WHERE r.status = 'COMPLETED' AND r.completed_at IS NOT NULL
            UNION ALL
            SELECT d.district, (r.recycled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, r.sign
              FROM r JOIN dealers d ON d.id = r.dealer_id
             WHERE r.status <> 'CANCELLED' AND r.recycled_at IS NOT NULL) x
         GROUP BY district, day
        HAVING sum(completed) <> 0 OR sum(recycled) <> 0
         ORDER BY district, day
        ON CONFLICT (district, day) DO UPDATE
           SET completed = c.completed + excluded.completed, recycled = c.recycled + excluded.recycled
        $sql$, delta);
    EXECUTE format($sql$
        WITH r AS (%1$s)
        INSERT INTO trade_in_dealer_months AS c (dealer_id, month, opened, open, completed, cancelled, recycled)
        SELECT * FROM (
            SELECT r.dealer_id, date_trunc('month', r.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
                   sum(r.sign) AS opened,
                   sum(CASE WHEN r.status = 'OPEN' THEN r.sign ELSE 0 END) AS open,
                   sum(CASE WHEN r.status = 'COMPLETED' THEN r.sign ELSE 0 END) AS completed,
                   sum(CASE WHEN r.status = 'CANCELLED' THEN r.sign ELSE 0 END) AS cancelled,
                   sum(CASE WHEN r.status <> 'CANCELLED' AND r.recycled_at IS NOT NULL THEN r.sign ELSE 0 END)
                       AS recycled
              FROM r GROUP BY 1, 2) x
         WHERE opened <> 0 OR open <> 0 OR completed <> 0 OR cancelled <> 0 OR recycled <> 0
         ORDER BY dealer_id, month
        ON CONFLICT (dealer_id, month) DO UPDATE
           SET opened = c.opened + excluded.opened, open = c.open + excluded.open,
               completed = c.completed + excluded.completed, cancelled = c.cancelled + excluded.cancelled,
               recycled = c.recycled + excluded.recycled
        $sql$, delta);
    RETURN NULL;
END $fn$;

CREATE TRIGGER trade_ins_figures_insert AFTER INSERT ON trade_ins REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_figures_changed();
CREATE TRIGGER trade_ins_figures_update AFTER UPDATE ON trade_ins
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_figures_changed();
CREATE TRIGGER trade_ins_figures_delete AFTER DELETE ON trade_ins REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_in_figures_changed();

-- A dealer's district is set once (DealerService); should it ever change, its trade-ins' counts move with it.
CREATE FUNCTION trade_in_figures_dealer_moved() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO trade_in_district_days AS c (district, day, completed, recycled)
    SELECT district, day, sum(completed), sum(recycled) FROM (
        SELECT s.district, (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, s.sign AS completed,
               0 AS recycled
          FROM trade_ins t CROSS JOIN (VALUES (OLD.district, -1), (NEW.district, 1)) s(district, sign)
         WHERE t.dealer_id = NEW.id AND t.status = 'COMPLETED' AND t.completed_at IS NOT NULL
        UNION ALL
        SELECT s.district, (t.recycled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, s.sign
          FROM trade_ins t CROSS JOIN (VALUES (OLD.district, -1), (NEW.district, 1)) s(district, sign)
         WHERE t.dealer_id = NEW.id AND t.status <> 'CANCELLED' AND t.recycled_at IS NOT NULL) x
     GROUP BY district, day
     ORDER BY district, day
    ON CONFLICT (district, day) DO UPDATE
       SET completed = c.completed + excluded.completed, recycled = c.recycled + excluded.recycled;
    RETURN NULL;
END $fn$;

CREATE TRIGGER dealers_figures_district AFTER UPDATE OF district ON dealers FOR EACH ROW
    WHEN (OLD.district IS DISTINCT FROM NEW.district) EXECUTE FUNCTION trade_in_figures_dealer_moved();

-- the rows that exist (a table lock keeps a trade-in from changing between the fill and the triggers)
LOCK TABLE trade_ins IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO trade_in_district_days (district, day, completed, recycled)
SELECT district, day, sum(completed), sum(recycled) FROM (
    SELECT d.district, (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS completed, 0 AS recycled
      FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id
     WHERE t.status = 'COMPLETED' AND t.completed_at IS NOT NULL
    UNION ALL
    SELECT d.district, (t.recycled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1
      FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id
     WHERE t.status <> 'CANCELLED' AND t.recycled_at IS NOT NULL) x
 GROUP BY district, day;
INSERT INTO trade_in_dealer_months (dealer_id, month, opened, open, completed, cancelled, recycled)
SELECT dealer_id, date_trunc('month', opened_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
       count(*) FILTER (WHERE status = 'OPEN'), count(*) FILTER (WHERE status = 'COMPLETED'),
       count(*) FILTER (WHERE status = 'CANCELLED'),
       count(*) FILTER (WHERE status <> 'CANCELLED' AND recycled_at IS NOT NULL)
  FROM trade_ins GROUP BY 1, 2;

-- The dealer table's exact median hours from opening to completion without sorting every dealer's trade-ins:
-- each dealer's completed trade-ins in order of their duration, so the middle one is found by position.
CREATE INDEX trade_ins_figures_duration ON trade_ins (dealer_id, (completed_at - opened_at))
    INCLUDE (opened_at, completed_at, status) WHERE status = 'COMPLETED';
-- the partial days at a range's edges: recycled then (completed_at is trade_ins_figures_completed's)
CREATE INDEX trade_ins_figures_recycled ON trade_ins (recycled_at) INCLUDE (dealer_id, status)
    WHERE recycled_at IS NOT NULL;
-- the edges of a range (trade-ins opened in a partial month) without a scan per dealer
CREATE INDEX trade_ins_figures_opened ON trade_ins (opened_at) INCLUDE (dealer_id, status, recycled_at);
-- the cancellation-outlier signal's first cancellation per dealer
CREATE INDEX trade_ins_figures_cancelled ON trade_ins (dealer_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
