-- Sessions: one row per sign-in, holding the current refresh token of its family (only as a SHA-256 hash),
-- the one rotated out just before (to tell a concurrent refresh from a replayed token) and, for a short grace
-- window after each rotation, the live token sealed with the gateway's key so that a second tab refreshing with
-- the token just rotated out gets the same new token instead of ending the session.
CREATE TABLE auth_session (
    id             uuid         PRIMARY KEY,
    subject        varchar(200) NOT NULL,
    kind           varchar(8)   NOT NULL,
    created_at     timestamptz  NOT NULL,
    last_used_at   timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    generation     integer      NOT NULL DEFAULT 0,
    current_hash   bytea        NOT NULL,
    previous_hash  bytea,
    rotated_at     timestamptz,
    current_sealed bytea,
    revoked_at     timestamptz,
    revoked_reason varchar(16),
    CONSTRAINT auth_session_kind CHECK (kind IN ('OWNER', 'STAFF')),
    CONSTRAINT auth_session_revoked_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX auth_session_live_subject ON auth_session (subject) WHERE revoked_at IS NULL;
CREATE INDEX auth_session_expires ON auth_session (expires_at);

-- Access tokens cannot be recalled once signed; these rows make the gateway refuse the ones issued before a
-- moment: key 'sub:<subject>' (every token of a person, e.g. after a regulator changed the owner's phone) or
-- 'sid:<session id>' (the tokens of one ended session). Kept while such a token could still be alive; Redis holds
-- the same set for every replica (rebuilt from here when it is lost).
CREATE TABLE token_revocation (
    revoked_key varchar(220) PRIMARY KEY,
    revoked_at  timestamptz  NOT NULL
);
CREATE INDEX token_revocation_at ON token_revocation (revoked_at);
