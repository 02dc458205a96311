-- What a department has published, how files were imported, and HTTP idempotency keys.

-- Every event this department accepted (posted or imported), with a hash of its canonical
-- content: the same event again is not published twice; its ID with other content is refused
-- at the door instead of being dead-lettered by the monitor.
CREATE TABLE IF NOT EXISTS {schema}.published_events (
    event_id        text PRIMARY KEY,
    content_sha256  bytea NOT NULL,
    via             text NOT NULL,                   -- http | import
    accepted_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per import run (audit, and progress: rows_read is committed with each chunk, so a
-- run killed half-way shows where it stopped; running it again completes it).
CREATE TABLE IF NOT EXISTS {schema}.imports (
    import_id    bigserial PRIMARY KEY,
    file_name    text NOT NULL,
    file_sha256  bytea NOT NULL,
    layout       text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    rows_read    integer NOT NULL DEFAULT 0,
    published    integer NOT NULL DEFAULT 0,
    already      integer NOT NULL DEFAULT 0,            -- rows whose event an earlier run or post published
    bad_rows     integer
);
CREATE INDEX IF NOT EXISTS imports_by_file ON {schema}.imports (file_sha256, started_at);

-- POST /v1/events with an Idempotency-Key: the first answer, replayed for a retry.
CREATE TABLE IF NOT EXISTS {schema}.idempotency_keys (
    key             text PRIMARY KEY,
    request_sha256  bytea NOT NULL,
    response        jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON {schema}.idempotency_keys (created_at);
