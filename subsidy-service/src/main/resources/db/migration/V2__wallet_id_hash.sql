-- One e-CNY wallet belongs to one person. Wallet ids are stored encrypted (a fresh IV each time, so equal ids
-- give different ciphertexts); a keyed hash (HMAC-SHA256, key derived from WALLET_ENCRYPTION_KEY) lets the
-- service find "is this wallet already someone else's?" and lets PostgreSQL refuse a second owner for it.
--
-- Rows bound before this version get their hash from the service at start (WalletHashBackfill: the key is not
-- in the database). Two old rows may already share a wallet: the earliest bound keeps it in wallet_hash, the
-- others keep their binding with the hash in wallet_hash_shared instead, so this migration and the backfill
-- never fail on them and reconciliation can flag them for a regulator.
ALTER TABLE wallet ADD COLUMN wallet_hash bytea;
ALTER TABLE wallet ADD COLUMN wallet_hash_shared bytea;
ALTER TABLE wallet ADD CONSTRAINT wallet_hash_unique UNIQUE (wallet_hash);
ALTER TABLE wallet ADD CONSTRAINT wallet_hash_one_of CHECK (wallet_hash IS NULL OR wallet_hash_shared IS NULL);
CREATE INDEX wallet_hash_shared_idx ON wallet (wallet_hash_shared) WHERE wallet_hash_shared IS NOT NULL;
