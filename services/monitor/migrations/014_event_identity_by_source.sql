-- Issue 14 part 4: an event is identified by its CloudEvents source and id together (CloudEvents
-- 1.0: "source + id uniquely identifies an event"; an id is unique only within its source), so two
-- departments may use one id for their own events (services/monitor/dedup.py). The tables keyed by
-- event_id alone are keyed by (source, event_id); `source` is kept as dedup.source_key writes it:
-- NFC, case folded, without trailing slashes (lower() and normalize() here; the kit's sources,
-- /kashgar/<department>, are ASCII, where lower() is that folding).

-- Rows processed before: processed_events kept no source. Where the event itself was kept (a linked
-- event's household_events row, a held event's unmatched_events row: the event as received) its
-- source is taken from it. Elsewhere (task status, registry changes without a household event) the
-- source stays unknown, '' (dedup.UNKNOWN_SOURCE): such a row stands for its id from ANY source,
-- as dedup by id alone did, so a replay of it is never processed twice; at worst another
-- department's event with that id is refused as a reused id (a dead letter, re-drivable) until the
-- retention purge forgets the row. Not guessed from the topic: a wrong guess would apply a
-- replayed event a second time.
ALTER TABLE monitor.processed_events ADD COLUMN IF NOT EXISTS source text;
ALTER TABLE monitor.household_events ADD COLUMN IF NOT EXISTS source text;
ALTER TABLE monitor.unmatched_events ADD COLUMN IF NOT EXISTS source text;

UPDATE monitor.household_events SET source = coalesce(nullif(rtrim(lower(normalize(payload->>'source', NFC)), '/'), ''),
                                lower(normalize(payload->>'source', NFC)), '')
 WHERE source IS NULL;
UPDATE monitor.unmatched_events SET source = coalesce(nullif(rtrim(lower(normalize(payload->>'source', NFC)), '/'), ''),
                                lower(normalize(payload->>'source', NFC)), '')
 WHERE source IS NULL;
UPDATE monitor.processed_events p SET source = coalesce(
    (SELECT e.source FROM monitor.household_events e WHERE e.event_id = p.event_id),
    (SELECT u.source FROM monitor.unmatched_events u WHERE u.event_id = p.event_id), '')
 WHERE p.source IS NULL;

ALTER TABLE monitor.processed_events ALTER COLUMN source SET NOT NULL;
ALTER TABLE monitor.household_events ALTER COLUMN source SET NOT NULL;
ALTER TABLE monitor.unmatched_events ALTER COLUMN source SET NOT NULL;

ALTER TABLE monitor.processed_events DROP CONSTRAINT IF EXISTS processed_events_pkey,
    ADD PRIMARY KEY (source, event_id);
ALTER TABLE monitor.household_events DROP CONSTRAINT IF EXISTS household_events_pkey,
    ADD PRIMARY KEY (source, event_id);
ALTER TABLE monitor.unmatched_events DROP CONSTRAINT IF EXISTS unmatched_events_pkey,
    ADD PRIMARY KEY (source, event_id);
-- Lookups by id alone (the review queue's routes, the rows kept with an unknown source).
CREATE INDEX IF NOT EXISTS processed_events_by_id ON monitor.processed_events (event_id);
CREATE INDEX IF NOT EXISTS household_events_by_id ON monitor.household_events (event_id);
CREATE INDEX IF NOT EXISTS unmatched_events_by_id ON monitor.unmatched_events (event_id);
