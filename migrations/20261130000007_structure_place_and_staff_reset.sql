-- The INSEE code of the commune where a structure receives people: La Coop's activity record
-- asks for the place of each activity (`lieu_code_insee`). NULL until an admin gives it.
ALTER TABLE structures ADD COLUMN commune TEXT;

-- When a platform admin resets a person's second factor, every session that person opened
-- before then ends (a lost phone may go with a device still signed in).
ALTER TABLE staff ADD COLUMN sessions_after BIGINT;
