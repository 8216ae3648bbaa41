-- Mediation places imported from the national open-data standard "Lieux de médiation
-- numérique" (`tremplin places import FILE.csv`). Multi-valued fields are stored as the
-- standard writes them, `;`-separated, with a leading and trailing `;` so that one value can be
-- matched exactly with LIKE '%;value;%'.

CREATE TABLE places (
    id                          TEXT PRIMARY KEY,   -- the publisher's id (upsert key)
    pivot                       TEXT NOT NULL,      -- SIRET, RNA or RIDET
    nom                         TEXT NOT NULL,
    commune                     TEXT NOT NULL,
    code_postal                 TEXT NOT NULL,
    code_insee                  TEXT,
    departement                 TEXT NOT NULL,      -- derived: from code_insee, else code_postal
    adresse                     TEXT NOT NULL,
    complement_adresse          TEXT,
    latitude                    DOUBLE PRECISION,
    longitude                   DOUBLE PRECISION,
    date_maj                    TEXT NOT NULL,
    services                    TEXT NOT NULL,      -- ';code;code;' (short service codes)
    horaires                    TEXT,
    telephone                   TEXT,
    site_web                    TEXT,
    prise_rdv                   TEXT,
    frais_a_charge              TEXT NOT NULL,      -- ';value;value;'
    prise_en_charge_specifique  TEXT NOT NULL,
    modalites_acces             TEXT NOT NULL,
    presentation_resume         TEXT,
    content_hash                TEXT NOT NULL,      -- what the row says, to tell "unchanged" on re-import
    imported_at                 BIGINT NOT NULL
);

CREATE INDEX places_by_departement ON places (departement);
