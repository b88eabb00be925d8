-- Tamper-evident audit (issue 13) in the gateway: the dealer API clients' audit rows join a hash chain like the
-- services' (common's AuditChain; sealed by AuditAnchors every second), and the gateway keeps anchors of every
-- chain's head (its own and each service's, asked every AUDIT_ANCHOR_EVERY) outside the services' databases, so
-- that deleting the newest entries of a chain (which leaves the rest verifying) is seen: fewer entries than
-- anchored, or another head at the anchored length.
ALTER TABLE api_client_audit ADD COLUMN chain_seq bigint;
ALTER TABLE api_client_audit ADD COLUMN chain_hash bytea;
ALTER TABLE api_client_audit ADD CONSTRAINT api_client_audit_chain_seq_unique UNIQUE (chain_seq);
ALTER TABLE api_client_audit ADD CONSTRAINT api_client_audit_chain_hash_size
    CHECK (chain_hash IS NULL OR octet_length(chain_hash) = 32);
ALTER TABLE api_client_audit ADD CONSTRAINT api_client_audit_chain_sealed_together
    CHECK ((chain_seq IS NULL) = (chain_hash IS NULL));
CREATE INDEX api_client_audit_unsealed ON api_client_audit (at, id) WHERE chain_seq IS NULL;

CREATE TABLE audit_anchors (
    id          bigserial    PRIMARY KEY,
    service     varchar(64)  NOT NULL,
    entries     bigint       NOT NULL,
    head        varchar(64),
    anchored_at timestamptz  NOT NULL,
    CONSTRAINT audit_anchors_entries CHECK (entries >= 0)
);
CREATE INDEX audit_anchors_latest ON audit_anchors (service, id DESC);
