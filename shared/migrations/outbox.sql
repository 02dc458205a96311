-- Transactional outbox (DESIGN.md section 7), created in each service's own schema.
-- {schema} is substituted by shared.db.apply_migrations with a checked identifier.
CREATE TABLE IF NOT EXISTS {schema}.outbox (
    id            bigserial PRIMARY KEY,
    topic         text NOT NULL,
    key           bytea,
    value         bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    failed_at     timestamptz,   -- the broker refused it for good (e.g. too large): parked, not retried
    error         text
);
CREATE INDEX IF NOT EXISTS outbox_pending ON {schema}.outbox (id) WHERE published_at IS NULL AND failed_at IS NULL;
