-- Regulators' figures (issue 13, benchmark at 180,000 filed bikes): the V13_1 indexes found the rows but every
-- row was then read from the table for the columns counted. These carry those columns (INCLUDE), so each figure
-- is an index-only scan (plans explained in the README, "Figures benchmark").
-- completion by district, filed per month: category + district, with what is counted
DROP INDEX IF EXISTS ix_vehicles_category_district;
CREATE INDEX ix_vehicles_figures_district ON vehicles (category, district) INCLUDE (filed_at, status, scrapped_at);
-- scrapped per month
DROP INDEX IF EXISTS ix_vehicles_scrapped_at;
CREATE INDEX ix_vehicles_figures_scrapped ON vehicles (scrapped_at) INCLUDE (category, status, district)
    WHERE scrapped_at IS NOT NULL;
-- plates issued per day (and, joined to the vehicle, per district)
DROP INDEX IF EXISTS ix_plates_issued_at;
CREATE INDEX ix_plates_figures_issued ON plates (issued_at) INCLUDE (vehicle_id);
