-- gateway schema: staff accounts and idempotency records

CREATE TABLE account (
    id            uuid PRIMARY KEY,
    username      varchar(64)  NOT NULL,
    password_hash varchar(100) NOT NULL,
    role          varchar(16)  NOT NULL,
    dealer_id     uuid,
    created_at    timestamptz  NOT NULL,
    created_by    varchar(200) NOT NULL,
    CONSTRAINT account_role_staff CHECK (role IN ('DEALER', 'REGULATOR', 'ADMIN')),
    -- a dealer's staff always belong to a dealer, nobody else does
    CONSTRAINT account_dealer_id_iff_dealer CHECK ((role = 'DEALER') = (dealer_id IS NOT NULL)),
    CONSTRAINT account_username_format CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$')
);

-- usernames are unique whatever their case
CREATE UNIQUE INDEX account_username_uq ON account (lower(username));

-- Idempotency-Key on creating POSTs: same caller + key + body replays the first response
CREATE TABLE idempotency_record (
    caller        varchar(200) NOT NULL,
    idem_key      varchar(200) NOT NULL,
    request_hash  varchar(64)  NOT NULL,
    status        integer      NOT NULL,
    response_body text         NOT NULL,
    created_at    timestamptz  NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
