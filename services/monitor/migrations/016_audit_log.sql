-- The audit log (issue 11): every change to a case's state, by an operator or by the monitor itself,
-- one row per statement, append-only and hash-chained. Written by triggers, so no code path can
-- change an alert, a task, an assessment, a held event, a dead letter or a re-drive without a row.
--
-- A row is sealed when its transaction commits (a deferred trigger): it takes the next `seq` from the
-- one-row chain head (its row lock orders concurrent commits; held only while committing) and
-- row_hash = sha256 of audit_canonical(...), which ends with the previous row's hash. Changing,
-- removing or reordering a sealed row breaks the chain there: `python -m services.monitor.audit verify`.

CREATE TABLE IF NOT EXISTS monitor.audit_log (
    audit_id      bigserial PRIMARY KEY,
    seq           bigint UNIQUE,                     -- position in the chain, set when sealed
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    entity        text NOT NULL,                     -- the table changed: alerts, tasks, ...
    action        text NOT NULL,                     -- INSERT, UPDATE or DELETE
    actor         text NOT NULL,                     -- the operator (monitor.actor) or 'monitor'
    rows_changed  int NOT NULL,
    payload       jsonb NOT NULL,                    -- the rows as they are after the change (before, for DELETE)
    prev_hash     text,
    row_hash      text
);

CREATE TABLE IF NOT EXISTS monitor.audit_head (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    seq        bigint NOT NULL,
    row_hash   text NOT NULL
);
INSERT INTO monitor.audit_head (seq, row_hash) VALUES (0, repeat('0', 64)) ON CONFLICT DO NOTHING;

-- The text a row's hash is taken of; services/monitor/audit.py verifies with the same text.
CREATE OR REPLACE FUNCTION monitor.audit_canonical(seq bigint, at timestamptz, entity text, action text, actor text,
                                                   rows_changed int, payload jsonb, prev_hash text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\n', seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), entity,
                     action, actor, rows_changed::text, payload::text, prev_hash)
$$;

CREATE OR REPLACE FUNCTION monitor.audit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n int;
    body jsonb;
BEGIN
    SELECT count(*), jsonb_agg(to_jsonb(c)) INTO n, body FROM changed c;
    IF n > 0 THEN
        INSERT INTO monitor.audit_log (entity, action, actor, rows_changed, payload)
        VALUES (TG_TABLE_NAME, TG_OP, coalesce(nullif(current_setting('monitor.actor', true), ''), 'monitor'), n, body);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION monitor.audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_seq bigint;
    prev text;
    hash text;
BEGIN
    UPDATE monitor.audit_head SET seq = seq + 1 RETURNING seq, row_hash INTO next_seq, prev;
    hash := encode(sha256(convert_to(monitor.audit_canonical(next_seq, NEW.at, NEW.entity, NEW.action, NEW.actor,
                                                             NEW.rows_changed, NEW.payload, prev), 'UTF8')), 'hex');
    UPDATE monitor.audit_head SET row_hash = hash;
    UPDATE monitor.audit_log SET seq = next_seq, prev_hash = prev, row_hash = hash WHERE audit_id = NEW.audit_id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION monitor.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.row_hash IS NULL THEN  -- the seal of a row of this very transaction
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'monitor.audit_log is append-only: % refused', TG_OP;
END $$;

DROP TRIGGER IF EXISTS audit_seal ON monitor.audit_log;
CREATE CONSTRAINT TRIGGER audit_seal AFTER INSERT ON monitor.audit_log
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION monitor.audit_seal();
DROP TRIGGER IF EXISTS audit_append_only ON monitor.audit_log;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON monitor.audit_log
    FOR EACH ROW EXECUTE FUNCTION monitor.audit_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON monitor.audit_log;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON monitor.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION monitor.audit_append_only();

DO $$
DECLARE
    audited text;
BEGIN
    FOREACH audited IN ARRAY ARRAY['alerts', 'alert_transitions', 'assessments', 'tasks', 'unmatched_events',
                                   'dead_letters', 'redrives'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS audit_insert ON monitor.%I', audited);
        EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON monitor.%I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION monitor.audit_changes()', audited);
        EXECUTE format('DROP TRIGGER IF EXISTS audit_update ON monitor.%I', audited);
        EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON monitor.%I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION monitor.audit_changes()', audited);
        EXECUTE format('DROP TRIGGER IF EXISTS audit_delete ON monitor.%I', audited);
        EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON monitor.%I REFERENCING OLD TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION monitor.audit_changes()', audited);
    END LOOP;
END $$;
