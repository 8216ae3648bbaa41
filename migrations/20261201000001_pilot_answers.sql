-- Pilot items: served now and then, unscored. Their answers are stored like the others, marked,
-- and left out of the person's estimate and result; they only calibrate the item.
ALTER TABLE answers ADD COLUMN pilot BIGINT NOT NULL DEFAULT 0;
