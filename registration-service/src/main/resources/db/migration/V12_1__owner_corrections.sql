-- Issue 12, owner capture (numbered 12.x so it cannot collide with another branch's next version).
--
-- Which dealer entered an owner (NULL: a regulator, the filing import or an older row). The audit row of
-- the creation says the same; this column lets a correction and the regulators' signals name that dealer.
ALTER TABLE owners ADD COLUMN created_by_dealer_id uuid;

-- Ending an owner's sessions at the gateway after a regulator corrected the owner. Written in the
-- correction's transaction, delivered by SessionRevocationRelay (POST /api/auth/sessions/revocations with
-- registration's SERVICE token) with backoff until the gateway confirms: a gateway that is down for a while
-- delays the revocation, it never loses it.
CREATE TABLE session_revocations (
    id              uuid          PRIMARY KEY,
    subject         varchar(100)  NOT NULL,
    created_at      timestamptz   NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz   NOT NULL,
    delivered_at    timestamptz,
    last_error      varchar(500)
);
CREATE INDEX session_revocations_due ON session_revocations (next_attempt_at) WHERE delivered_at IS NULL;
