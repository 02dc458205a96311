-- Parked rows (the broker refused them for good) for outboxes created before outbox.sql had them:
-- a released migration is never edited, so the columns and the pending index come here too.
ALTER TABLE {schema}.outbox ADD COLUMN IF NOT EXISTS failed_at timestamptz;
ALTER TABLE {schema}.outbox ADD COLUMN IF NOT EXISTS error text;
DROP INDEX IF EXISTS {schema}.outbox_pending;
CREATE INDEX outbox_pending ON {schema}.outbox (id) WHERE published_at IS NULL AND failed_at IS NULL;
