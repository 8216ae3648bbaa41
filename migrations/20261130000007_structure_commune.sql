-- The INSEE code of the commune where a structure receives people: La Coop's activity record
-- asks for the place of each activity (`lieu_code_insee`). NULL until an admin gives it.
ALTER TABLE structures ADD COLUMN commune TEXT;
