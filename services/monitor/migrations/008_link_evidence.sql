-- Every link keeps its evidence (issue 3): the matcher's score (bits) and the compared fields with
-- their agreement level and weight, e.g. ["given_name=same_sound(+7.0)"]; never the values themselves.
ALTER TABLE monitor.household_events ADD COLUMN IF NOT EXISTS link_fields jsonb NOT NULL DEFAULT '[]'::jsonb;
