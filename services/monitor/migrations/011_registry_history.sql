-- Registry history (issue 10, part 3): a newer export of the monitoring information system applied as
-- a difference (services/monitor/registry/difference). Nothing is deleted: a household missing from
-- the export gets households.left_on, a member no longer listed gets persons.left_on (and
-- persons.deceased_on when the export gives the death), and every change is a row here.

-- A member no longer listed by his household in an export (moved out of the registry, or died):
-- the day the difference was applied (Asia/Shanghai). NULL = a current member.
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS left_on date;

CREATE TABLE IF NOT EXISTS monitor.registry_history (
    id           bigserial PRIMARY KEY,
    export_name  text NOT NULL,             -- the export the change came from (file name or office label)
    applied_at   timestamptz NOT NULL,      -- the transaction that applied it
    household_id text NOT NULL,             -- whose timeline shows it; a move is in both households'
    resident_id  text,                      -- the member, NULL for a change of the household itself
    kind         text NOT NULL CHECK (kind IN (
        'household_added', 'household_returned', 'household_left', 'household_changed',
        'member_added', 'member_returned', 'member_died', 'member_left', 'member_changed',
        'member_moved_out', 'member_moved_in')),
    before       jsonb,                     -- the changed columns as they were (NULL: did not exist)
    after        jsonb                      -- as they are now, plus what followed a moved member
);
CREATE INDEX IF NOT EXISTS registry_history_by_household ON monitor.registry_history (household_id, applied_at);

-- The keys of `doc` named in `keys`: the changed columns of a row as jsonb (NULL when none).
CREATE OR REPLACE FUNCTION monitor.jsonb_pick(doc jsonb, keys text[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_object_agg(key, value) FROM jsonb_each(doc) WHERE key = ANY(keys) $$;
