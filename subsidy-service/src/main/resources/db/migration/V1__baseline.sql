-- subsidy-service schema. PostgreSQL is the record of truth: Redis only holds a fast copy of the
-- quota counters and dedupe sets that is rebuilt from these tables, so every rule that must never
-- break (one grant per trade-in / owner+campaign / old vehicle+campaign, a phase never over its
-- quota, ranks never duplicated) is a constraint here.

CREATE TABLE campaign (
    id           uuid         PRIMARY KEY,
    name         varchar(200) NOT NULL,
    district     varchar(100) NOT NULL,
    filed_before timestamptz  NOT NULL,
    created_at   timestamptz  NOT NULL,
    created_by   varchar(200) NOT NULL
);
CREATE INDEX campaign_district ON campaign (district);

CREATE TABLE phase (
    id          uuid         PRIMARY KEY,
    campaign_id uuid         NOT NULL REFERENCES campaign (id),
    seq         integer      NOT NULL,
    name        varchar(100) NOT NULL,
    starts_at   timestamptz  NOT NULL,
    ends_at     timestamptz  NOT NULL,
    amount_fen  bigint       NOT NULL,
    quota       integer      NOT NULL,
    -- committed grants of this phase; incremented in the grant's own transaction with
    -- "WHERE granted < quota", so the count can never pass the quota (last line of defence)
    granted     integer      NOT NULL DEFAULT 0,
    CONSTRAINT phase_window CHECK (ends_at > starts_at),
    CONSTRAINT phase_amount_positive CHECK (amount_fen > 0),
    CONSTRAINT phase_quota_positive CHECK (quota > 0),
    CONSTRAINT phase_granted_within_quota CHECK (granted >= 0 AND granted <= quota),
    CONSTRAINT phase_seq_unique UNIQUE (campaign_id, seq),
    -- target of subsidy's (phase_id, phase_quota) foreign key: a grant carries its phase's real quota
    CONSTRAINT phase_id_quota_unique UNIQUE (id, quota)
);

CREATE TABLE subsidy (
    id              uuid        PRIMARY KEY,
    trade_in_id     uuid        NOT NULL,
    owner_id        uuid,
    dealer_id       uuid,
    old_vehicle_id  uuid,
    new_vehicle_id  uuid,
    campaign_id     uuid REFERENCES campaign (id),
    phase_id        uuid REFERENCES phase (id),
    status          varchar(16) NOT NULL,
    reason          varchar(40),
    amount_fen      bigint,
    rank            integer,
    -- the phase's quota, checked against the phase by the foreign key below, so that "rank <= quota"
    -- is a constraint of this row
    phase_quota     integer,
    completed_at    timestamptz,
    decided_at      timestamptz NOT NULL,
    granted_at      timestamptz,
    paid_at         timestamptz,
    payout_attempts integer     NOT NULL DEFAULT 0,
    -- attempts since the grant became payable or since the last regulator retry (bounded by config)
    round_attempts  integer     NOT NULL DEFAULT 0,
    -- the payout worker's lease / backoff: the row is not due before this instant
    next_attempt_at timestamptz,
    payout_error    varchar(500),
    updated_at      timestamptz NOT NULL,
    CONSTRAINT subsidy_trade_in_unique UNIQUE (trade_in_id),
    CONSTRAINT subsidy_phase_quota_fk FOREIGN KEY (phase_id, phase_quota) REFERENCES phase (id, quota),
    CONSTRAINT subsidy_status_known CHECK (status IN ('GRANTED', 'PAYING', 'PAID', 'FAILED', 'REJECTED')),
    CONSTRAINT subsidy_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL)),
    CONSTRAINT subsidy_grant_complete CHECK (status = 'REJECTED' OR (
        campaign_id IS NOT NULL AND phase_id IS NOT NULL AND owner_id IS NOT NULL
        AND old_vehicle_id IS NOT NULL AND rank IS NOT NULL AND phase_quota IS NOT NULL
        AND rank >= 1 AND rank <= phase_quota
        AND amount_fen IS NOT NULL AND amount_fen > 0 AND granted_at IS NOT NULL)),
    CONSTRAINT subsidy_rejection_holds_nothing CHECK (status <> 'REJECTED' OR (rank IS NULL AND amount_fen IS NULL)),
    CONSTRAINT subsidy_paid_has_time CHECK ((status = 'PAID') = (paid_at IS NOT NULL)),
    CONSTRAINT subsidy_attempts_non_negative CHECK (payout_attempts >= 0 AND round_attempts >= 0)
);
-- one grant per owner per campaign and per old vehicle per campaign (rejections do not count)
CREATE UNIQUE INDEX subsidy_owner_campaign_granted ON subsidy (campaign_id, owner_id) WHERE status <> 'REJECTED';
CREATE UNIQUE INDEX subsidy_vehicle_campaign_granted ON subsidy (campaign_id, old_vehicle_id) WHERE status <> 'REJECTED';
-- a rank is handed out once per phase
CREATE UNIQUE INDEX subsidy_phase_rank ON subsidy (phase_id, rank) WHERE rank IS NOT NULL;
CREATE INDEX subsidy_owner ON subsidy (owner_id);
CREATE INDEX subsidy_campaign_status ON subsidy (campaign_id, status);
CREATE INDEX subsidy_listing ON subsidy (decided_at DESC, id);
CREATE INDEX subsidy_payable ON subsidy (next_attempt_at) WHERE status IN ('GRANTED', 'PAYING');

-- an owner's e-CNY wallet: AES-GCM ciphertext (iv || ciphertext+tag, owner id as associated data)
CREATE TABLE wallet (
    owner_id      uuid         PRIMARY KEY,
    wallet_cipher bytea        NOT NULL,
    wallet_masked varchar(80)  NOT NULL,
    bound_at      timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);

-- every call to the payout provider (and every confirmation by query), in order per subsidy
CREATE TABLE payout_attempt (
    id                  uuid         PRIMARY KEY,
    subsidy_id          uuid         NOT NULL REFERENCES subsidy (id),
    attempt_no          integer      NOT NULL,
    kind                varchar(16)  NOT NULL,
    started_at          timestamptz  NOT NULL,
    finished_at         timestamptz,
    outcome             varchar(16)  NOT NULL,
    amount_fen          bigint       NOT NULL,
    wallet_masked       varchar(80),
    provider_payment_id varchar(100),
    error               varchar(500),
    CONSTRAINT payout_attempt_kind CHECK (kind IN ('PAY', 'QUERY')),
    CONSTRAINT payout_attempt_outcome CHECK (outcome IN ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'NOT_FOUND'))
);
-- one row per payment attempt (queries to the provider are recorded too, possibly several per attempt)
CREATE UNIQUE INDEX payout_attempt_pay_unique ON payout_attempt (subsidy_id, attempt_no) WHERE kind = 'PAY';
CREATE INDEX payout_attempt_subsidy ON payout_attempt (subsidy_id, started_at);

-- state changes of grants and payouts, written in the same transaction as the change
CREATE TABLE audit_entry (
    id          uuid         PRIMARY KEY,
    at          timestamptz  NOT NULL,
    actor       varchar(200) NOT NULL,
    action      varchar(60)  NOT NULL,
    object_type varchar(30)  NOT NULL,
    object_id   uuid         NOT NULL,
    from_status varchar(20),
    to_status   varchar(20),
    detail      varchar(1000)
);
CREATE INDEX audit_entry_object ON audit_entry (object_type, object_id, at);

-- Idempotency-Key replay store: the unique constraint makes concurrent duplicates unable to both create
CREATE TABLE idempotency_record (
    caller          varchar(200) NOT NULL,
    idem_key        varchar(200) NOT NULL,
    request_hash    varchar(64)  NOT NULL,
    response_status integer      NOT NULL,
    response_body   text         NOT NULL,
    location        varchar(500),
    created_at      timestamptz  NOT NULL,
    CONSTRAINT idempotency_record_pk PRIMARY KEY (caller, idem_key)
);

-- The sandbox payout provider's own ledger. It stands for the operator's books: the service never
-- joins it with its own tables, and reads it only through the PayoutProvider interface.
CREATE TABLE sandbox_payment (
    payment_id      uuid         PRIMARY KEY,
    idempotency_key varchar(100) NOT NULL,
    wallet_masked   varchar(80)  NOT NULL,
    amount_fen      bigint       NOT NULL,
    reference       varchar(100),
    created_at      timestamptz  NOT NULL,
    CONSTRAINT sandbox_payment_key_unique UNIQUE (idempotency_key),
    CONSTRAINT sandbox_payment_amount_positive CHECK (amount_fen > 0)
);
CREATE INDEX sandbox_payment_created ON sandbox_payment (created_at);
