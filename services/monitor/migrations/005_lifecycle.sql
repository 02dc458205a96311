-- Alert lifecycle (DESIGN.md section 6): raised -> verifying -> confirmed | dismissed ->
-- assisted -> risk_eliminated -> followed_up (or reopened). Every transition is kept.
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS category text;            -- unstable_formerly_poor | marginal | sudden_hardship
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS verification_due date;    -- enrolment deadline from policy
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS follow_up_due date;
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS status_changed_at timestamptz;

CREATE TABLE IF NOT EXISTS monitor.alert_transitions (
    id          bigserial PRIMARY KEY,
    alert_id    text NOT NULL REFERENCES monitor.alerts (alert_id),
    from_status text NOT NULL,
    to_status   text NOT NULL,
    actor       text NOT NULL,        -- operator or cadre account
    reason      text NOT NULL,
    detail      jsonb NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alert_transitions_by_alert ON monitor.alert_transitions (alert_id, at);

ALTER TABLE monitor.tasks ADD COLUMN IF NOT EXISTS overdue_at timestamptz;
CREATE INDEX IF NOT EXISTS tasks_open_by_due ON monitor.tasks (due_date) WHERE status <> 'completed';
ALTER TABLE monitor.alerts ADD COLUMN IF NOT EXISTS escalations int NOT NULL DEFAULT 0;
