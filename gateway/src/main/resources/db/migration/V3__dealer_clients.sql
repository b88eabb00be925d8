-- Dealer API clients (client credentials for shop software): one dealer each, up to two live secrets
-- at once for rotation, secrets stored only as SHA-256 digests, every change audited.

CREATE TABLE api_client (
    id                    uuid PRIMARY KEY,
    client_id             varchar(64)  NOT NULL,
    dealer_id             uuid         NOT NULL,
    name                  varchar(100) NOT NULL,
    rate_limit_per_minute integer      NOT NULL,
    created_at            timestamptz  NOT NULL,
    created_by            varchar(200) NOT NULL,
    revoked_at            timestamptz,
    revoked_by            varchar(200),
    last_used_at          timestamptz,
    CONSTRAINT api_client_client_id_format CHECK (client_id ~ '^dc_[a-z0-9]{20}$'),
    CONSTRAINT api_client_rate_limit CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
    CONSTRAINT api_client_revoked_by CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE UNIQUE INDEX api_client_client_id_uq ON api_client (client_id);
CREATE INDEX api_client_dealer_idx ON api_client (dealer_id, created_at);

CREATE TABLE api_client_secret (
    id           uuid PRIMARY KEY,
    client       uuid         NOT NULL REFERENCES api_client (id),
    slot         smallint     NOT NULL,
    secret_hash  varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL,
    created_by   varchar(200) NOT NULL,
    revoked_at   timestamptz,
    revoked_by   varchar(200),
    last_used_at timestamptz,
    CONSTRAINT api_client_secret_slot CHECK (slot IN (1, 2)),
    CONSTRAINT api_client_secret_hash CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_client_secret_revoked_by CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- at most two live secrets per client (one per slot), whatever the concurrency
CREATE UNIQUE INDEX api_client_secret_live_uq ON api_client_secret (client, slot) WHERE revoked_at IS NULL;

CREATE TABLE api_client_audit (
    id         bigserial PRIMARY KEY,
    client     uuid         NOT NULL REFERENCES api_client (id),
    at         timestamptz  NOT NULL,
    actor      varchar(200) NOT NULL,
    actor_role varchar(16)  NOT NULL,
    action     varchar(32)  NOT NULL,
    secret_id  uuid,
    detail     varchar(500),
    CONSTRAINT api_client_audit_action CHECK (action IN
        ('CREATED', 'SECRET_ADDED', 'SECRET_REVOKED', 'UPDATED', 'REVOKED'))
);
CREATE INDEX api_client_audit_client_idx ON api_client_audit (client, id);
