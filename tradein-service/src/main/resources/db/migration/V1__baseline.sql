-- tradein-service schema: dealers, trade-ins, the claim outbox, the audit trail, idempotency keys.
-- Rules that protect money or identity are enforced here as well as in Java: a second application
-- instance, a race or a bug in one code path must not be able to break them.

CREATE TABLE dealers (
    id                   uuid         PRIMARY KEY,
    name                 varchar(200) NOT NULL,
    uscc                 varchar(18)  NOT NULL,
    address              varchar(500) NOT NULL,
    district             varchar(100) NOT NULL,
    contact_phone        varchar(11)  NOT NULL,
    commitment_signed_at timestamptz,
    trade_in_enabled     boolean      NOT NULL DEFAULT false,
    authorized_agent     boolean      NOT NULL DEFAULT false,
    created_at           timestamptz  NOT NULL,
    version              bigint       NOT NULL DEFAULT 0,
    CONSTRAINT dealers_uscc_unique UNIQUE (uscc),
    CONSTRAINT dealers_uscc_format CHECK (uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'),
    CONSTRAINT dealers_phone_format CHECK (contact_phone ~ '^1[3-9][0-9]{9}$'),
    -- trade-in and the agent point both presuppose the signed commitment letter
    CONSTRAINT dealers_enabled_needs_commitment CHECK (NOT trade_in_enabled OR commitment_signed_at IS NOT NULL),
    CONSTRAINT dealers_agent_needs_commitment CHECK (NOT authorized_agent OR commitment_signed_at IS NOT NULL)
);
CREATE INDEX dealers_created ON dealers (created_at DESC, id);

CREATE TABLE trade_ins (
    id                   uuid         PRIMARY KEY,
    dealer_id            uuid         NOT NULL REFERENCES dealers (id),
    owner_id             uuid         NOT NULL,
    old_vehicle_id       uuid         NOT NULL,
    new_vehicle_id       uuid,
    status               varchar(16)  NOT NULL,
    opened_at            timestamptz  NOT NULL,
    recycled_at          timestamptz,
    recycling_receipt_no varchar(64),
    battery_returned     boolean,
    completed_at         timestamptz,
    cancelled_at         timestamptz,
    cancellation_reason  varchar(500),
    version              bigint       NOT NULL DEFAULT 0,
    CONSTRAINT trade_ins_status CHECK (status IN ('OPEN', 'COMPLETED', 'CANCELLED')),
    CONSTRAINT trade_ins_completed_has_both_steps CHECK (status <> 'COMPLETED'
        OR (completed_at IS NOT NULL AND recycled_at IS NOT NULL AND new_vehicle_id IS NOT NULL)),
    CONSTRAINT trade_ins_cancelled_has_reason CHECK (status <> 'CANCELLED'
        OR (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL)),
    CONSTRAINT trade_ins_recycling_needs_battery CHECK (recycled_at IS NULL
        OR (battery_returned AND recycling_receipt_no IS NOT NULL)),
    CONSTRAINT trade_ins_new_differs_from_old CHECK (new_vehicle_id IS NULL OR new_vehicle_id <> old_vehicle_id)
);
-- an old vehicle is in at most one live (open or completed) trade-in; a cancelled one frees it
CREATE UNIQUE INDEX trade_ins_old_vehicle_live ON trade_ins (old_vehicle_id)
    WHERE status IN ('OPEN', 'COMPLETED');
-- a new vehicle backs at most one live trade-in; a cancelled trade-in releases it
CREATE UNIQUE INDEX trade_ins_new_vehicle_live ON trade_ins (new_vehicle_id)
    WHERE new_vehicle_id IS NOT NULL AND status IN ('OPEN', 'COMPLETED');
CREATE INDEX trade_ins_dealer ON trade_ins (dealer_id, opened_at DESC);
CREATE INDEX trade_ins_owner ON trade_ins (owner_id, opened_at DESC);
CREATE INDEX trade_ins_status ON trade_ins (status, opened_at DESC);

-- Transactional outbox: one claim per completed trade-in, written in the completion's transaction and
-- delivered to subsidy-service by ClaimRelay. next_attempt_at doubles as the relay's lease.
CREATE TABLE claim_outbox (
    id              uuid          PRIMARY KEY,
    trade_in_id     uuid          NOT NULL REFERENCES trade_ins (id),
    created_at      timestamptz   NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz   NOT NULL,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      varchar(1000),
    delivered_at    timestamptz,
    CONSTRAINT claim_outbox_one_per_trade_in UNIQUE (trade_in_id),
    CONSTRAINT claim_outbox_attempts CHECK (attempts >= 0)
);
CREATE INDEX claim_outbox_due ON claim_outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE audit_entries (
    id          uuid          PRIMARY KEY,
    at          timestamptz   NOT NULL,
    actor       varchar(200)  NOT NULL,
    actor_name  varchar(200),
    action      varchar(64)   NOT NULL,
    object_type varchar(32)   NOT NULL,
    object_id   uuid          NOT NULL,
    from_status varchar(32),
    to_status   varchar(32),
    detail      varchar(1000)
);
CREATE INDEX audit_entries_object ON audit_entries (object_type, object_id, at);

-- Idempotency-Key records: the primary key makes two concurrent requests with the same caller and key
-- serialise on the insert, so only one of them can create anything.
CREATE TABLE idempotency_keys (
    caller          varchar(200)  NOT NULL,
    idem_key        varchar(200)  NOT NULL,
    request_hash    varchar(64)   NOT NULL,
    response_status integer,
    response_body   text,
    location        varchar(500),
    created_at      timestamptz   NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
