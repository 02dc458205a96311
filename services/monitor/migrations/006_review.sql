-- Review queue decisions (DESIGN.md section 4): who linked or rejected a held event, and why.
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS decided_by text;
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS decided_at timestamptz;
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS decision_reason text;
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS linked_resident_id text;
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS candidates jsonb NOT NULL DEFAULT '[]';
CREATE INDEX IF NOT EXISTS unmatched_open ON monitor.unmatched_events (received_at) WHERE status = 'open';
