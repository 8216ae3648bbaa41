-- Mediators' space: structures, staff accounts (by invitation only), their server-side
-- sessions, and the beneficiaries of each structure. No e-mail or phone of a beneficiary.

CREATE TABLE structures (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE staff (
    id              TEXT PRIMARY KEY,
    structure_id    TEXT NOT NULL REFERENCES structures (id),
    email           TEXT NOT NULL UNIQUE,    -- lower-cased
    role            TEXT NOT NULL,           -- 'mediator' | 'structure_admin' | 'platform_admin'
    password_hash   TEXT NOT NULL,           -- Argon2id PHC string
    totp_secret     TEXT,                    -- base32; NULL until a second factor is set up
    totp_last_step  BIGINT,                  -- last accepted 30 s step: a code is used once
    created_at      BIGINT NOT NULL
);

-- One-time links `/invitation/<token>`: only the SHA-256 of the token is stored.
CREATE TABLE invitations (
    token_hash    TEXT PRIMARY KEY,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    email         TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    used_at       BIGINT
);

-- tower-sessions records, keyed by the SHA-256 of the session id (the cookie's value).
CREATE TABLE staff_sessions (
    id_hash     TEXT PRIMARY KEY,
    data        TEXT NOT NULL,               -- JSON
    expires_at  BIGINT NOT NULL
);

CREATE TABLE beneficiaries (
    id                   TEXT PRIMARY KEY,
    structure_id         TEXT NOT NULL REFERENCES structures (id),
    pseudonym            TEXT NOT NULL,      -- a pseudonym or first name chosen with the person
    age_band             TEXT,               -- fine band (domain::mediation::AGE_BANDS)
    commune              TEXT,               -- INSEE code
    situation            TEXT,
    consent_at           BIGINT NOT NULL,    -- when the person agreed to what is kept
    consent_observatory  BIGINT NOT NULL,    -- 1: an anonymous record may go to the observatory
    created_by           TEXT NOT NULL,      -- staff id
    created_at           BIGINT NOT NULL
);
CREATE INDEX beneficiaries_by_structure ON beneficiaries (structure_id, created_at);
