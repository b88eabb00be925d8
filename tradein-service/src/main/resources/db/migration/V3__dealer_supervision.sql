-- Dealer supervision (一店一查): inspections against a fixed checklist, sampled products, rectifications
-- with a deadline, and the dealer's credit grade (A-D) with its supervision measure.

CREATE TABLE inspections (
    id           uuid          PRIMARY KEY,
    dealer_id    uuid          NOT NULL REFERENCES dealers (id),
    inspected_at timestamptz   NOT NULL,
    inspector    varchar(100)  NOT NULL,
    recorded_by  varchar(200)  NOT NULL,
    created_at   timestamptz   NOT NULL
);
CREATE INDEX inspections_dealer ON inspections (dealer_id, inspected_at DESC);

-- every checklist item exactly once per inspection (the primary key), from the fixed list (the CHECK)
CREATE TABLE inspection_items (
    inspection_id uuid          NOT NULL REFERENCES inspections (id),
    code          varchar(40)   NOT NULL,
    passed        boolean       NOT NULL,
    note          varchar(500),
    PRIMARY KEY (inspection_id, code),
    CONSTRAINT inspection_items_code CHECK (code IN ('CCC_CERTIFIED', 'WITHIN_REGISTERED_SCOPE', 'NO_MODIFICATION',
        'NO_TRADEMARK_INFRINGEMENT', 'PRICES_MARKED', 'NO_PRICE_GOUGING', 'COMMITMENT_DISPLAYED'))
);

CREATE TABLE inspection_samples (
    inspection_id uuid          NOT NULL REFERENCES inspections (id),
    position      integer       NOT NULL,
    product       varchar(200)  NOT NULL,
    batch         varchar(100)  NOT NULL,
    passed        boolean       NOT NULL,
    PRIMARY KEY (inspection_id, position)
);

-- One per failed item or failed sample. OPEN -> SUBMITTED -> CLOSED, SUBMITTED -> OPEN (returned),
-- OPEN -> OVERDUE (the sweep) -> SUBMITTED. overdue_at stays set once it was overdue (the grade counts it).
CREATE TABLE rectifications (
    id              uuid          PRIMARY KEY,
    dealer_id       uuid          NOT NULL REFERENCES dealers (id),
    inspection_id   uuid          NOT NULL REFERENCES inspections (id),
    item_code       varchar(40)   NOT NULL,
    sample_position integer,
    status          varchar(16)   NOT NULL,
    opened_at       timestamptz   NOT NULL,
    due_at          timestamptz   NOT NULL,
    submitted_at    timestamptz,
    submission_note varchar(1000),
    closed_at       timestamptz,
    review_note     varchar(1000),
    overdue_at      timestamptz,
    version         bigint        NOT NULL DEFAULT 0,
    CONSTRAINT rectifications_status CHECK (status IN ('OPEN', 'SUBMITTED', 'CLOSED', 'OVERDUE')),
    CONSTRAINT rectifications_item CHECK ((item_code = 'SAMPLE') = (sample_position IS NOT NULL)),
    CONSTRAINT rectifications_closed_has_time CHECK (status <> 'CLOSED' OR closed_at IS NOT NULL),
    CONSTRAINT rectifications_submitted_has_time CHECK (status <> 'SUBMITTED' OR submitted_at IS NOT NULL),
    CONSTRAINT rectifications_overdue_has_time CHECK (status <> 'OVERDUE' OR overdue_at IS NOT NULL),
    -- one rectification per failed item / sample of an inspection
    CONSTRAINT rectifications_one_per_failure UNIQUE NULLS NOT DISTINCT (inspection_id, item_code, sample_position)
);
CREATE INDEX rectifications_dealer ON rectifications (dealer_id, opened_at DESC);
-- what the overdue sweep scans
CREATE INDEX rectifications_open_due ON rectifications (due_at) WHERE status = 'OPEN';

-- The grade as last computed (after each inspection, review and overdue sweep): the due-for-inspection list
-- and the regulators' tables read it. The API computes it afresh from the last 12 months.
-- authorization_suspended_at: set when a grade D suspended the agent authorisation; only a regulator's
-- restoration (after a closed rectification) clears it, and while it is set the dealer cannot be authorised.
ALTER TABLE dealers
    ADD COLUMN credit_grade varchar(1),
    ADD COLUMN credit_score integer,
    ADD COLUMN credit_measure varchar(16),
    ADD COLUMN graded_at timestamptz,
    ADD COLUMN last_inspected_at timestamptz,
    ADD COLUMN authorization_suspended_at timestamptz,
    ADD CONSTRAINT dealers_credit_grade CHECK (credit_grade IS NULL OR credit_grade IN ('A', 'B', 'C', 'D')),
    ADD CONSTRAINT dealers_credit_measure CHECK (credit_measure IS NULL
        OR credit_measure IN ('NORMAL', 'FOLLOW_UP', 'FOCUS', 'SPECIAL')),
    ADD CONSTRAINT dealers_suspended_not_authorized CHECK (authorization_suspended_at IS NULL OR NOT authorized_agent);
