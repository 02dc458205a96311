"""Schema migrations on the real PostgreSQL: a database from before a shared migration catches
up, and an applied migration edited afterwards is refused by name instead of silently skipped."""
import asyncpg
import pytest

from shared.db import MigrationChanged, apply_migrations

OLD_OUTBOX = """CREATE TABLE {schema}.outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key bytea,
    value bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
CREATE INDEX outbox_pending ON {schema}.outbox (id) WHERE published_at IS NULL;"""


async def test_an_outbox_created_before_parking_gains_its_columns_and_index(database, tmp_path):
    conn = await asyncpg.connect(database)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS old_outbox CASCADE; CREATE SCHEMA old_outbox")
        await conn.execute(OLD_OUTBOX.replace("{schema}", "old_outbox"))
        # As a database of the first release recorded it: outbox.sql applied, no digests kept yet.
        await conn.execute("CREATE TABLE old_outbox.schema_migrations (name text PRIMARY KEY, "
                           "applied_at timestamptz NOT NULL DEFAULT now()); "
                           "INSERT INTO old_outbox.schema_migrations (name) VALUES ('outbox.sql')")
        applied = await apply_migrations(conn, "old_outbox", tmp_path)
        columns = {r["column_name"] for r in await conn.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'old_outbox' "
            "AND table_name = 'outbox'")}
        index = await conn.fetchval("SELECT indexdef FROM pg_indexes WHERE schemaname = 'old_outbox' "
                                    "AND indexname = 'outbox_pending'")
        assert await apply_migrations(conn, "old_outbox", tmp_path) == []  # a second start applies nothing
    finally:
        await conn.execute("DROP SCHEMA IF EXISTS old_outbox CASCADE")
        await conn.close()
    assert applied == ["outbox_002_parked.sql"]
    assert {"failed_at", "error"} <= columns
    assert "failed_at IS NULL" in index


async def test_an_applied_migration_edited_afterwards_is_refused_with_its_name(database, tmp_path):
    (tmp_path / "001_first.sql").write_text("CREATE TABLE {schema}.t (id int);")
    conn = await asyncpg.connect(database)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS edited CASCADE")
        assert "001_first.sql" in await apply_migrations(conn, "edited", tmp_path)
        (tmp_path / "001_first.sql").write_text("CREATE TABLE {schema}.t (id int, extra text);")
        with pytest.raises(MigrationChanged, match="001_first.sql was edited"):
            await apply_migrations(conn, "edited", tmp_path)
    finally:
        await conn.execute("DROP SCHEMA IF EXISTS edited CASCADE")
        await conn.close()
