-- The INSEE code of the commune where a structure receives people: La Coop's activity record
-- asks for the place of each activity (`lieu_code_insee`). NULL until an admin gives it.
ALTER TABLE structures ADD COLUMN commune TEXT;

-- A platform admin resets a person's access (lost phone, forgotten password): the second
-- factor and the password are removed, every session the person had ends (each session keeps
-- the epoch it was opened under), and a one-time link lets the person choose a new password.
ALTER TABLE staff ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- NULL: the link creates an account; set: it gives this existing account a new password.
ALTER TABLE invitations ADD COLUMN staff_id TEXT;
