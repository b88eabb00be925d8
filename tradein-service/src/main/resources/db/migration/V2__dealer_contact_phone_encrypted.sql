-- A dealer's contact phone is personal data (often the shop owner's own mobile). From this version it is
-- kept AES-256-GCM encrypted (contact_phone_enc, written by the service, which holds the key) plus the
-- masked form every response shows (contact_phone_masked). Rows written before hold the number in clear in
-- contact_phone: the service encrypts them at start (ContactPhoneSealer) and clears that column.
ALTER TABLE dealers ADD COLUMN contact_phone_masked varchar(11);
ALTER TABLE dealers ADD COLUMN contact_phone_enc text;
UPDATE dealers SET contact_phone_masked = substr(contact_phone, 1, 3) || '****' || substr(contact_phone, 8, 4);
ALTER TABLE dealers ALTER COLUMN contact_phone_masked SET NOT NULL;
ALTER TABLE dealers ALTER COLUMN contact_phone DROP NOT NULL;
ALTER TABLE dealers ADD CONSTRAINT dealers_phone_masked_format
    CHECK (contact_phone_masked ~ '^1[3-9][0-9][*]{4}[0-9]{4}$');
-- the number is never lost: in clear until the service has sealed it, sealed afterwards
ALTER TABLE dealers ADD CONSTRAINT dealers_phone_kept
    CHECK (contact_phone IS NOT NULL OR (contact_phone_enc IS NOT NULL AND contact_phone_enc LIKE 'v1.%'));
