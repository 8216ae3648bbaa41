-- Item versions: the bank changes under live assessments.
-- Each assessment records the bank version (content hash) it started with, keeps its progress
-- so that showing the current item needs no engine replay, and stores its result at finish so
-- that a finished result never changes with the bank.

ALTER TABLE assessments ADD COLUMN bank_version TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN answered BIGINT NOT NULL DEFAULT 0;   -- answers stored so far
ALTER TABLE assessments ADD COLUMN expected BIGINT NOT NULL DEFAULT 0;   -- most items still reachable in total
ALTER TABLE assessments ADD COLUMN result TEXT;                          -- the result as JSON, written at finish

UPDATE assessments SET answered = (SELECT COUNT(*) FROM answers WHERE answers.assessment_id = assessments.id);
UPDATE assessments SET expected = 48 WHERE finished_at IS NULL;
