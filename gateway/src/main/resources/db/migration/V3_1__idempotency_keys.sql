-- One Idempotency-Key mechanism (common): every service keeps the same idempotency_keys table.
ALTER TABLE idempotency_record RENAME TO idempotency_keys;
ALTER TABLE idempotency_keys RENAME CONSTRAINT idempotency_record_pkey TO idempotency_keys_pkey;
ALTER TABLE idempotency_keys RENAME COLUMN status TO response_status;
ALTER TABLE idempotency_keys ALTER COLUMN response_status DROP NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN response_body DROP NOT NULL;
ALTER TABLE idempotency_keys ADD COLUMN location varchar(500);
-- rows taken but never answered were written as status 0 by the old code (in the same transaction as the answer)
UPDATE idempotency_keys SET response_status = NULL, response_body = NULL WHERE response_status = 0;
CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created_at ON idempotency_keys (created_at);
