-- The sandbox operator's ledger also records which wallet it paid (a SHA-256 fingerprint of the wallet id; a real
-- operator knows the account it credits). Its unique idempotency key already makes one key one payment; the
-- fingerprint makes a payment made twice under two keys (same wallet, same campaign reference) visible, which is
-- what the fault soak (system-tests/soak) checks after every crash. Rows written before this version have none.
ALTER TABLE sandbox_payment ADD COLUMN wallet_fingerprint varchar(64);
CREATE INDEX sandbox_payment_wallet ON sandbox_payment (wallet_fingerprint, reference);
