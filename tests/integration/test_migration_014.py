"""Migration 014 on the real PostgreSQL: a monitor database keyed by event ID alone (013) is keyed
by (source, event_id); a processed row takes its source from the event kept with it, else the
unknown source that stands for its ID from any source (services/monitor/dedup.py)."""
import random
import shutil

import asyncpg

from services.monitor.db_processed import already_processed
from services.monitor.dedup import UNKNOWN_SOURCE
from services.monitor.migrate import MIGRATIONS
from shared.db import apply_migrations

EVENT = '{{"id": "{id}", "source": "{source}"}}'


async def test_rows_from_before_gain_their_source_and_the_key_becomes_source_and_id(infra, tmp_path):
    for path in sorted(MIGRATIONS.glob("*.sql")):
        if path.name < "014":
            shutil.copy(path, tmp_path / path.name)
    name = f"relapse_m014_{random.randrange(10**8)}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    conn = await asyncpg.connect(infra.server_dsn.rsplit("/", 1)[0] + f"/{name}")
    try:
        await apply_migrations(conn, "monitor", tmp_path)
        await conn.executemany("INSERT INTO monitor.processed_events (event_id, source_topic, outcome, content_sha256) "
                               "VALUES ($1, 't', $2, '\\x01')", [("linked-1", "linked"), ("held-1", "unmatched"),
                                                                 ("status-1", "task_status")])
        await conn.execute("INSERT INTO monitor.household_events (event_id, household_id, resident_id, department, "
                           "event_type, occurred_at, link_method, payload) VALUES ('linked-1', 'h', 'r', 'housing', "
                           "'x', now(), 'exact', $1::jsonb)", EVENT.format(id="linked-1", source="/Kashgar/Housing/"))
        await conn.execute("INSERT INTO monitor.unmatched_events (event_id, source_topic, event_type, reason, payload) "
                           "VALUES ('held-1', 't', 'x', 'r', $1::jsonb)",
                           EVENT.format(id="held-1", source="/kashgar/health_insurance"))
        applied = await apply_migrations(conn, "monitor", MIGRATIONS)
        assert applied[0] == "014_event_identity_by_source.sql" and applied == sorted(applied)  # later ones follow
        rows = {r["event_id"]: r["source"] for r in await conn.fetch("SELECT event_id, source FROM monitor.processed_events")}
        assert rows == {"linked-1": "/kashgar/housing", "held-1": "/kashgar/health_insurance", "status-1": UNKNOWN_SOURCE}
        for table in ("processed_events", "household_events", "unmatched_events"):
            key = await conn.fetchval("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                                      "$1::regclass AND contype = 'p'", f"monitor.{table}")
            assert key == "PRIMARY KEY (source, event_id)", table
        # the rows as dedup reads them: a known source by its key, the unknown one for any source
        found = await already_processed(conn, keys=[("/kashgar/housing", "linked-1"), ("/kashgar/employment", "linked-1"),
                                                    ("/kashgar/employment", "status-1")])
        assert set(found) == {("/kashgar/housing", "linked-1"), (UNKNOWN_SOURCE, "status-1")}
        await conn.execute("INSERT INTO monitor.processed_events (source, event_id, source_topic, outcome, content_sha256) "
                           "VALUES ('/kashgar/employment', 'linked-1', 't', 'linked', '\\x02')")  # another source's id
    finally:
        await conn.close()
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
