-- Tamper-evident audit (issue 13): the audit rows form a hash chain (common's AuditChain). chain_seq is the
-- entry's position, chain_hash = SHA-256(previous chain_hash || the entry's content). Rows are written as
-- before and sealed into the chain by the service's AuditChainJob within a second; existing rows are sealed
-- on the first run.
ALTER TABLE audit_entry ADD COLUMN chain_seq bigint;
ALTER TABLE audit_entry ADD COLUMN chain_hash bytea;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_chain_seq_unique UNIQUE (chain_seq);
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_chain_hash_size CHECK (chain_hash IS NULL OR octet_length(chain_hash) = 32);
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_chain_sealed_together CHECK ((chain_seq IS NULL) = (chain_hash IS NULL));
CREATE INDEX audit_entry_unsealed ON audit_entry (at, id) WHERE chain_seq IS NULL;
