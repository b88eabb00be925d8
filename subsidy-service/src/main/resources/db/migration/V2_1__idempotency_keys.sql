-- One Idempotency-Key mechanism (common): every service keeps the same idempotency_keys table. The key row is
-- now taken before the answer is known, so the answer columns may be empty while the request runs (inside
-- its own transaction; nobody else ever sees that state committed).
ALTER TABLE idempotency_record RENAME TO idempotency_keys;
ALTER TABLE idempotency_keys RENAME CONSTRAINT idempotency_record_pk TO idempotency_keys_pkey;
ALTER TABLE idempotency_keys ALTER COLUMN response_status DROP NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN response_body DROP NOT NULL;
CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created_at ON idempotency_keys (created_at);
