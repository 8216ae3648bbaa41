-- Premiers pas records: the orientation the path proposed and each skill's outcome, instead
-- of levels. Like the citizens' records, they wait in the inbox, then move in batches.

ALTER TABLE observatory_inbox ADD COLUMN orientation TEXT;      -- 'urgence', 'accompagnement', 'autonomie'
ALTER TABLE observatory_inbox ADD COLUMN outcomes TEXT;         -- JSON object: skill id -> outcome

ALTER TABLE observatory_records ADD COLUMN orientation TEXT;

CREATE TABLE observatory_outcomes (
    record_id  TEXT NOT NULL REFERENCES observatory_records (id) ON DELETE CASCADE,
    skill      TEXT NOT NULL,
    outcome    TEXT NOT NULL,                  -- 'acquis', 'en_cours', 'a_travailler'
    PRIMARY KEY (record_id, skill)
);

-- People by path, month, département ('' when not given), age band ('' when not given) and
-- orientation proposed.
CREATE TABLE observatory_orientations_rollup (
    path         TEXT NOT NULL,
    month        TEXT NOT NULL,
    departement  TEXT NOT NULL,
    age_band     TEXT NOT NULL,
    orientation  TEXT NOT NULL,
    people       BIGINT NOT NULL,
    PRIMARY KEY (path, month, departement, age_band, orientation)
);

-- A finished assessment looks up its diagnostic (to give the beneficiary's record), and every
-- item page of a guided one does: by assessment, not by scanning.
CREATE INDEX diagnostics_by_assessment ON diagnostics (assessment_id);
