-- A department's own copy of the assistance tasks assigned to it, and their status history.
CREATE TABLE IF NOT EXISTS {schema}.tasks (
    task_id          text PRIMARY KEY,
    household_id     text NOT NULL,
    task_type        text NOT NULL,
    due_date         date NOT NULL,
    payload          jsonb NOT NULL,                -- the AssistanceTaskAssigned event as received
    status           text NOT NULL DEFAULT 'open',  -- open | acknowledged | completed
    received_at      timestamptz NOT NULL DEFAULT now(),
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    completed_at     timestamptz,
    completed_by     text,
    outcome          text
);
CREATE INDEX IF NOT EXISTS tasks_by_status ON {schema}.tasks (status, due_date);

CREATE TABLE IF NOT EXISTS {schema}.task_history (
    id          bigserial PRIMARY KEY,
    task_id     text NOT NULL REFERENCES {schema}.tasks (task_id),
    status      text NOT NULL,
    actor       text NOT NULL,                      -- staff account
    detail      jsonb NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
