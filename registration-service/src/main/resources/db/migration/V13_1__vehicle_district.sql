-- Regulators' figures (issue 13): every vehicle carries the district it is counted in. Existing rows take
-- the configured default district (placeholder from registration.district.default), new rows get it from
-- the import column, the regulator's request, the registering dealer's district or that default.
ALTER TABLE vehicles ADD COLUMN district varchar(100);
UPDATE vehicles SET district = '${defaultDistrict}' WHERE district IS NULL;
ALTER TABLE vehicles ALTER COLUMN district SET NOT NULL;

-- the figures' aggregate queries: filed bikes per district (and their scrapping), plates per day
CREATE INDEX ix_vehicles_category_district ON vehicles (category, district, status);
CREATE INDEX ix_vehicles_scrapped_at ON vehicles (scrapped_at) WHERE scrapped_at IS NOT NULL;
CREATE INDEX ix_plates_issued_at ON plates (issued_at);
