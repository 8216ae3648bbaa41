-- The observatory: consented records wait in an inbox, then move in batches, in random order
-- and under fresh ids, to observatory_records (so neither storage order nor timing links a
-- record to a person's test); each move adds them to the rollups. Once a month is closed, its
-- tables are computed from the rollups, frozen, and served.

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

-- A closed month's cells of each table, computed once and never changed: a release never
-- revises an earlier one, so two releases cannot be differenced.
CREATE TABLE observatory_frozen (
    name    TEXT NOT NULL,
    month   TEXT NOT NULL,
    cells   TEXT NOT NULL,                  -- JSON array of the month's cells
    PRIMARY KEY (name, month)
);

-- Each published table as served (JSON): its frozen months together.
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
