-- The common Idempotency-Key mechanism purges keys past their retention by created_at every hour.
CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created_at ON idempotency_keys (created_at);
