-- Diagnostics a mediator runs with a beneficiary: an assessment linked to the beneficiary,
-- started on the mediator's device (guided) or on the person's own through a short code.
CREATE TABLE diagnostics (
    id               TEXT PRIMARY KEY,
    beneficiary_id   TEXT NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
    structure_id     TEXT NOT NULL,
    path             TEXT NOT NULL,          -- 'beginner' | 'citizen'
    mode             TEXT NOT NULL,          -- 'guided' | 'code'
    assessment_id    TEXT,                   -- NULL until a code is used
    code             TEXT UNIQUE,            -- 6 characters; NULL in guided mode
    code_expires_at  BIGINT,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX diagnostics_by_beneficiary ON diagnostics (beneficiary_id, created_at);

-- What the mediator saw during a guided task: 'pas_encore' | 'avec_aide' | 'autonomie', and/or
-- a comment.
CREATE TABLE observations (
    assessment_id  TEXT NOT NULL,
    item_id        TEXT NOT NULL,
    observation    TEXT,
    comment        TEXT,
    observed_at    BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
);
