-- Issue 14 part 7: dead letters re-driven to their source topic after a fix, with an audit of who
-- re-drove what (services/monitor/redrive.py), and retention of the processed event IDs
-- (services/monitor/retention.py).

-- The original record, kept whole (the dead-letter topic keeps at most 256 KiB of it): what a
-- re-drive sends again. NULL for records dead-lettered before this migration: their bytes are only
-- on monitor.deadletter.v1 (original_value_base64).
ALTER TABLE monitor.dead_letters ADD COLUMN IF NOT EXISTS original_key bytea;
ALTER TABLE monitor.dead_letters ADD COLUMN IF NOT EXISTS original_value bytea;
ALTER TABLE monitor.dead_letters ADD COLUMN IF NOT EXISTS original_headers jsonb;  -- [[name base64, value base64], ...] in order

-- One row per re-drive: who, when, what was chosen, which dead letters went, how many.
CREATE TABLE IF NOT EXISTS monitor.redrives (
    id               bigserial PRIMARY KEY,
    operator         text NOT NULL,
    at               timestamptz NOT NULL DEFAULT now(),
    selection        jsonb NOT NULL,           -- {"ids": [...]} or {"reason": "..."}
    dead_letter_ids  bigint[] NOT NULL,        -- the dead letters re-sent
    sent             integer NOT NULL
);

ALTER TABLE monitor.dead_letters ADD COLUMN IF NOT EXISTS redrive_id bigint REFERENCES monitor.redrives (id);
CREATE INDEX IF NOT EXISTS dead_letters_waiting_by_reason ON monitor.dead_letters (reason, id) WHERE redrive_id IS NULL;

-- The retention purge deletes the oldest processed IDs first.
CREATE INDEX IF NOT EXISTS processed_events_by_age ON monitor.processed_events (processed_at);
