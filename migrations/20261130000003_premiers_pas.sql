-- "Premiers pas": whether the person said, at the start, that a procedure must be done now
-- (it turns the orientation into "urgence" when the procedure skills are not all there).
ALTER TABLE assessments ADD COLUMN urgent_procedure BIGINT NOT NULL DEFAULT 0;
