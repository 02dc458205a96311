-- Issue 4, remaining parts (DESIGN.md sections 5 and 6). Nothing is deleted: columns and rows are added.

-- Tasks carry their evidence and the department event that completed them, for the timeline.
ALTER TABLE monitor.tasks ADD COLUMN IF NOT EXISTS evidence_event_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE monitor.tasks ADD COLUMN IF NOT EXISTS completion_event_id text;

-- The cadres' verification visit (入户核实) is a task of the township for one alert; it answers no
-- single factor, and a household may have one open per open alert.
ALTER TABLE monitor.tasks ALTER COLUMN factor_code DROP NOT NULL;
DROP INDEX IF EXISTS monitor.one_open_task_per_type;
CREATE UNIQUE INDEX IF NOT EXISTS one_open_department_task_per_type ON monitor.tasks (household_id, task_type)
    WHERE status <> 'completed' AND task_type <> 'household_verification';
CREATE INDEX IF NOT EXISTS tasks_by_alert ON monitor.tasks (alert_id);

-- Re-assessments after a task's outcome changed a factor: the alert keeps the level it was raised
-- with and shows the household's level now.
CREATE TABLE IF NOT EXISTS monitor.assessments (
    id                  bigserial PRIMARY KEY,
    household_id        text NOT NULL,
    alert_id            text REFERENCES monitor.alerts (alert_id),
    level               text NOT NULL,
    factors             jsonb NOT NULL,
    explanation_zh      text NOT NULL,
    explanation_en      text NOT NULL,
    policy_version      text NOT NULL,
    at                  timestamptz NOT NULL,  -- business time of what caused it
    cause               text NOT NULL,         -- task_completed
    cause_id            text NOT NULL,         -- the task
    evidence_event_ids  text[] NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS assessments_by_household ON monitor.assessments (household_id, at);
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS current_level text;       -- null: as raised
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS assessed_at timestamptz;  -- business time of current_level

-- Follow-up review (回头看) falling due: flagged once per risk elimination.
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS follow_up_flagged_at timestamptz;
CREATE INDEX IF NOT EXISTS alerts_follow_up_pending ON monitor.alerts (follow_up_due) WHERE status = 'risk_eliminated';
