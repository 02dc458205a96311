-- Issue 10 part 4: events keep the registry current between exports (services/monitor/member_state.py).
-- deceased_on (NULL = living; deceased from this date) and health_status (健康状况 code, e.g. disabled)
-- come from 010_registry_export.sql. Nothing is deleted: a dead member keeps his row, marked deceased.
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS disability_grade smallint  -- 残疾等级 1 (most severe) .. 4
    CHECK (disability_grade BETWEEN 1 AND 4);
-- The labour status (able_to_work, main_earner) an event replaced, and the first day the replacement
-- holds: an event dated before that day is assessed with the member as he was (late bills, a job lost
-- before the death). NULL: no event has changed the member's labour status.
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS able_to_work_before boolean;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS main_earner_before boolean;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS labour_changed_on date;

-- Each registry change an event made, for the household's timeline and the audit.
CREATE TABLE IF NOT EXISTS monitor.member_changes (
    event_id      text PRIMARY KEY,           -- the civil affairs event that made the change
    household_id  text NOT NULL,
    resident_id   text NOT NULL,
    change        text NOT NULL,              -- deceased | disability
    effective_on  date NOT NULL,              -- died_on, registered_on
    at            timestamptz NOT NULL,       -- business time of the event
    detail        jsonb NOT NULL,             -- the member's registry fields after the change
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS member_changes_by_household ON monitor.member_changes (household_id, at);
