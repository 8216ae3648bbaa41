-- Assessments their owner deleted: only the id and the SHA-256 of the token remain, so that
-- deleting again with the same token is answered "deleted" (DELETE is idempotent) while any
-- other token is still refused. Purged by the retention pass after `retention_unfinished_days`.
CREATE TABLE deleted_assessments (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    deleted_at  BIGINT NOT NULL
);
