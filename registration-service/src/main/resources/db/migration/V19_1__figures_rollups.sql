-- Regulators' figures (issue 13) at 180,000 filed bikes without reading every vehicle per request: per district
-- and China calendar day, counters kept exactly, in the transaction that writes the vehicle or plate, by the
-- statement triggers below (the import's multi-row inserts, a bulk load by SQL and a hand-made fix included),
-- and filled here from the rows that exist:
--   filed     filed non-standard bikes (category NON_STANDARD_FILED) by the day of filed_at
--   scrapped  of those, the scrapped ones (status SCRAPPED) by the day of scrapped_at
--   plates    plates issued, by the day of issued_at and the district of the plated vehicle
-- A change moves a row's contribution (old row -1, new row +1); a vehicle moving district takes its plates'
-- counts along. Concurrent transactions meet on one counter row and add up (INSERT ... ON CONFLICT DO UPDATE
-- SET n = n + delta waits for the other's commit, then adds); a statement's rows are upserted in key order.
-- The figures read whole China days here and count the partial days at a range's edges from the tables
-- themselves (VehicleFigures).

CREATE TABLE vehicle_district_days (
    district varchar(100) NOT NULL,
    day      date         NOT NULL,
    filed    bigint       NOT NULL DEFAULT 0,
    scrapped bigint       NOT NULL DEFAULT 0,
    plates   bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (district, day)
);

-- %1$s: the changed vehicles with their sign (sign, district, category, status, filed_at, scrapped_at, ...)
-- %2$s: the changed plates with their sign and their vehicle's district (sign, district, issued_at)
-- (the statement is run by the trigger function itself: only there are its transition tables visible)
CREATE FUNCTION vehicle_district_days_sql(vehicles text, plates text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    RETURN format($sql$
        WITH v AS (%1$s), p AS (%2$s)
        INSERT INTO vehicle_district_days AS c (district, day, filed, scrapped, plates)
        SELECT * FROM (
            SELECT district, day, sum(filed) AS filed, sum(scrapped) AS scrapped, sum(plates) AS plates FROM (
                SELECT v.district, (v.filed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, v.sign AS filed,
                       0 AS scrapped, 0 AS plates
                  FROM v WHERE v.category = 'NON_STANDARD_FILED' AND v.filed_at IS NOT NULL
                UNION ALL
                SELECT v.district, (v.scrapped_at AT TIME ZONE 'Asia/Shanghai')::date, 0, v.sign, 0
                  FROM v WHERE v.category = 'NON_STANDARD_FILED' AND v.status = 'SCRAPPED' AND v.scrapped_at IS NOT NULL
                UNION ALL
                SELECT p.district, (p.issued_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, p.sign FROM p) x
             GROUP BY district, day) y
         WHERE filed <> 0 OR scrapped <> 0 OR plates <> 0
         ORDER BY district, day
        ON CONFLICT (district, day) DO UPDATE
           SET filed = c.filed + excluded.filed, scrapped = c.scrapped + excluded.scrapped,
               plates = c.plates + excluded.plates
        $sql$, vehicles, plates);
END $fn$;

CREATE FUNCTION vehicles_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    none text := 'SELECT 0 AS sign, NULL::varchar AS district, NULL::timestamptz AS issued_at WHERE false';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE vehicle_district_days_sql('SELECT 1 AS sign, * FROM new_rows', none);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE vehicle_district_days_sql('SELECT -1 AS sign, * FROM old_rows', none);
    ELSE
        -- a vehicle that moved district takes its plates' counts along
        EXECUTE vehicle_district_days_sql(
            'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows',
            'SELECT s.sign, s.district, pl.issued_at FROM old_rows o JOIN new_rows n ON n.id = o.id '
            || 'AND n.district IS DISTINCT FROM o.district JOIN plates pl ON pl.vehicle_id = o.id '
            || 'CROSS JOIN LATERAL (VALUES (-1, o.district), (1, n.district)) s(sign, district)');
    END IF;
    RETURN NULL;
END $fn$;

CREATE FUNCTION plates_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    none text := 'SELECT 0 AS sign, NULL::varchar AS district, NULL::varchar AS category, NULL::varchar AS status, '
        || 'NULL::timestamptz AS filed_at, NULL::timestamptz AS scrapped_at WHERE false';
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, vehicle_id, issued_at FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, vehicle_id, issued_at FROM old_rows'
        ELSE 'SELECT -1 AS sign, vehicle_id, issued_at FROM old_rows UNION ALL SELECT 1, vehicle_id, issued_at FROM new_rows' END;
BEGIN
    EXECUTE vehicle_district_days_sql(none, 'SELECT r.sign, v.district, r.issued_at FROM (' || changed
        || ') r JOIN vehicles v ON v.id = r.vehicle_id');
    RETURN NULL;
END $fn$;

CREATE TRIGGER vehicles_figures_insert AFTER INSERT ON vehicles REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicles_figures_changed();
CREATE TRIGGER vehicles_figures_update AFTER UPDATE ON vehicles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicles_figures_changed();
CREATE TRIGGER vehicles_figures_delete AFTER DELETE ON vehicles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vehicles_figures_changed();
CREATE TRIGGER plates_figures_insert AFTER INSERT ON plates REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plates_figures_changed();
CREATE TRIGGER plates_figures_update AFTER UPDATE ON plates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plates_figures_changed();
CREATE TRIGGER plates_figures_delete AFTER DELETE ON plates REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plates_figures_changed();

-- the rows that exist (locked so that nothing changes between the fill and the triggers)
LOCK TABLE vehicles, plates IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO vehicle_district_days (district, day, filed, scrapped, plates)
SELECT district, day, sum(filed), sum(scrapped), sum(plates) FROM (
    SELECT district, (filed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS filed, 0 AS scrapped, 0 AS plates
      FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND filed_at IS NOT NULL
    UNION ALL
    SELECT district, (scrapped_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, 0
      FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND status = 'SCRAPPED' AND scrapped_at IS NOT NULL
    UNION ALL
    SELECT v.district, (p.issued_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1
      FROM plates p JOIN vehicles v ON v.id = p.vehicle_id) x
 GROUP BY district, day;

-- the partial days at a range's edges: filed non-standard bikes by filing time
CREATE INDEX ix_vehicles_figures_filed ON vehicles (filed_at) INCLUDE (district)
    WHERE category = 'NON_STANDARD_FILED';
