-- Monitor state: dedup, linked events, factors, alerts, tasks, review queue, outbox.
-- Records are never deleted (DESIGN.md section 6); status columns move instead.

CREATE TABLE IF NOT EXISTS monitor.processed_events (
    event_id      text PRIMARY KEY,            -- CloudEvents id: the dedup key (DESIGN.md section 7)
    source_topic  text NOT NULL,
    outcome       text NOT NULL,               -- linked | unmatched | task_status
    content_sha256 bytea NOT NULL,             -- a reused ID with other content is refused, not dropped
    processed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS monitor.household_events (
    event_id      text PRIMARY KEY,
    household_id  text NOT NULL,
    resident_id   text NOT NULL,
    department    text NOT NULL,
    event_type    text NOT NULL,
    occurred_at   timestamptz NOT NULL,        -- business time
    amount_yuan   numeric(14,2),               -- personal burden of a bill, lost wage, ...
    link_method   text NOT NULL,               -- exact | normalised | probabilistic | manual
    link_score    numeric(8,3),
    payload       jsonb NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS household_events_by_household ON monitor.household_events (household_id, event_type, occurred_at);

CREATE TABLE IF NOT EXISTS monitor.factors (
    household_id        text NOT NULL,
    code                text NOT NULL,
    level               text NOT NULL,
    risk_type           text NOT NULL,
    active              boolean NOT NULL,
    resident_id         text NOT NULL,         -- member the factor is about
    evidence_event_ids  text[] NOT NULL,
    amount_yuan         numeric(14,2),
    changed_at          timestamptz NOT NULL,  -- business time of the last change (out-of-order guard)
    PRIMARY KEY (household_id, code)
);

CREATE TABLE IF NOT EXISTS monitor.alerts (
    alert_id        text PRIMARY KEY,
    household_id    text NOT NULL,
    county_code     char(6) NOT NULL,
    level           text NOT NULL,
    status          text NOT NULL DEFAULT 'raised',
    factors         jsonb NOT NULL,
    policy_version  text NOT NULL,
    explanation_zh  text NOT NULL,
    explanation_en  text NOT NULL,
    link            jsonb NOT NULL,
    business_time   timestamptz NOT NULL,
    raised_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alerts_by_household ON monitor.alerts (household_id);

CREATE TABLE IF NOT EXISTS monitor.tasks (
    task_id          text PRIMARY KEY,
    alert_id         text NOT NULL REFERENCES monitor.alerts (alert_id),
    household_id     text NOT NULL,
    department       text NOT NULL,
    task_type        text NOT NULL,
    factor_code      text NOT NULL,
    due_date         date NOT NULL,
    status           text NOT NULL DEFAULT 'assigned',  -- assigned | acknowledged | completed
    assigned_at      timestamptz NOT NULL DEFAULT now(),
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    completed_at     timestamptz,
    completed_by     text,
    outcome          text,
    measures         jsonb,
    amount_yuan      numeric(14,2)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_open_task_per_type ON monitor.tasks (household_id, task_type) WHERE status <> 'completed';

CREATE TABLE IF NOT EXISTS monitor.unmatched_events (
    event_id      text PRIMARY KEY,
    source_topic  text NOT NULL,
    event_type    text NOT NULL,
    reason        text NOT NULL,
    status        text NOT NULL DEFAULT 'open',       -- open | linked | rejected
    payload       jsonb NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS monitor.dead_letters (
    id            bigserial PRIMARY KEY,
    source_topic  text NOT NULL,
    partition     int NOT NULL,
    "offset"      bigint NOT NULL,
    reason        text NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source_topic, partition, "offset")        -- a redelivered bad record is counted once
);
