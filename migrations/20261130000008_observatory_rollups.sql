-- The observatory: consented records wait in an inbox, then move in batches, in random order
-- and under fresh ids, to observatory_records (so neither storage order nor timing links a
-- record to a person's test); each move adds them to the rollups the published tables are
-- computed from, and the published tables are stored ready to serve.

CREATE TABLE observatory_inbox (
    id                 TEXT PRIMARY KEY,    -- random, dropped at the move
    received_at        BIGINT NOT NULL,     -- only to bound the wait; gone with the row
    path               TEXT NOT NULL,       -- 'citizen'
    month              TEXT NOT NULL,
    cog_year           BIGINT NOT NULL,
    departement        TEXT,
    age_band           TEXT,
    framework_version  TEXT NOT NULL,
    levels             TEXT NOT NULL        -- JSON object: competence code -> level
);

ALTER TABLE observatory_records ADD COLUMN path TEXT NOT NULL DEFAULT 'citizen';

-- People by path, month, département ('' when not given) and age band ('' when not given).
CREATE TABLE observatory_people (
    path         TEXT NOT NULL,
    month        TEXT NOT NULL,
    departement  TEXT NOT NULL,
    age_band     TEXT NOT NULL,
    people       BIGINT NOT NULL,
    PRIMARY KEY (path, month, departement, age_band)
);

-- The same people by competence and level.
CREATE TABLE observatory_levels_rollup (
    path         TEXT NOT NULL,
    month        TEXT NOT NULL,
    departement  TEXT NOT NULL,
    age_band     TEXT NOT NULL,
    competence   TEXT NOT NULL,
    level        BIGINT NOT NULL,
    people       BIGINT NOT NULL,
    PRIMARY KEY (path, month, departement, age_band, competence, level)
);

-- Each published table as served (JSON), recomputed after each move.
CREATE TABLE observatory_published (
    name        TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Records written before the inbox existed are counted once here.
INSERT INTO observatory_people (path, month, departement, age_band, people)
SELECT 'citizen', month, COALESCE(departement, ''), COALESCE(age_band, ''), COUNT(*)
FROM observatory_records GROUP BY month, COALESCE(departement, ''), COALESCE(age_band, '');

INSERT INTO observatory_levels_rollup (path, month, departement, age_band, competence, level, people)
SELECT 'citizen', r.month, COALESCE(r.departement, ''), COALESCE(r.age_band, ''), l.competence, l.level, COUNT(*)
FROM observatory_records r JOIN observatory_levels l ON l.record_id = r.id
GROUP BY r.month, COALESCE(r.departement, ''), COALESCE(r.age_band, ''), l.competence, l.level;
