"""Monitor pipeline throughput without Kafka: synthetic department records through
`process_batch`, one transaction per batch, against a registry in PostgreSQL.

    python -m benchmarks.bench_pipeline --database-url URL [--households 294800] [--records 20000] [--batch 2000]

Prints records per second per batch size. The database must be disposable: it is migrated
and its registry replaced.
"""
import asyncio
import random
import time
from collections import Counter
from datetime import date

import asyncpg
import typer

from benchmarks.databases import ensure_database
from deploy.local.durability import ensure_durable
from services.monitor.gc_tuning import tune_gc
from services.monitor.migrate import migrate
from services.monitor.batch import process_batch
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from services.monitor.policy import load_policy
from shared import topics
from shared.db import create_pool
from tooling.registry.load import load_synthetic_registry
from tooling.simulate.departments import simulator_of
from tooling.simulate.people import SimPerson


async def _people(dsn: str, n: int) -> list[SimPerson]:
    conn = await asyncpg.connect(dsn)
    rows = await conn.fetch("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code, p.household_id, "
                            "p.main_earner FROM monitor.persons p JOIN monitor.households h USING (household_id) "
                            "ORDER BY random() LIMIT $1", n)
    await conn.close()
    return [SimPerson(*r) for r in rows]


# Kept: the registry, and the audit log (append-only by its triggers, migration 016).
KEPT_TABLES = ("households", "persons", "match_keys", "schema_migrations", "audit_log")


async def _reset_state(conn: asyncpg.Connection) -> None:
    """Empty every monitor table but KEPT_TABLES (this is the benchmark's own database)."""
    tables = [r["table_name"] for r in await conn.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'monitor' "
        "AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1::text[]))", list(KEPT_TABLES))]
    await conn.execute("TRUNCATE " + ", ".join(f"monitor.{t}" for t in tables))
    await conn.execute("ANALYZE")


def _records(people, count: int, seed: int) -> list[InboundRecord]:
    rng = random.Random(seed)
    codes = ["health_insurance", "employment", "housing", "civil_affairs", "education"]
    out = []
    per = count // len(codes)
    for code in codes:
        for i, ev in enumerate(simulator_of(code)(people, rng, date(2026, 10, 1), per)):
            out.append(InboundRecord(topics.events_topic(code), 0, i, b"k", ev.model_dump_json().encode()))
    rng.shuffle(out)
    return out


async def run(dsn: str, households: int, records: int, batches: list[int]) -> None:
    await ensure_durable(dsn)
    await ensure_database(dsn)
    await migrate(dsn)
    conn = await asyncpg.connect(dsn)
    have = await conn.fetchval("SELECT count(*) FROM monitor.households")
    await conn.close()
    if have != households:
        await load_synthetic_registry(dsn, households=households, seed=20260101, progress=False)
    people = await _people(dsn, 60_000)
    policy = load_policy()
    tune_gc()  # as the monitor does at start
    pool = await create_pool(dsn, "monitor", min_size=1, max_size=2, custom_plans=True)  # as the monitor's
    for size in batches:
        # Every batch size starts from an empty monitor state: a rerun would otherwise resend event IDs
        # with other content (another people sample) and measure the dead-letter path instead.
        async with pool.acquire() as c:
            await _reset_state(c)
        recs = _records(people, records, seed=size)
        outcomes = Counter()
        t0 = time.perf_counter()
        for i in range(0, len(recs), size):
            async with pool.acquire() as c, c.transaction():
                done = await process_batch(PgStore(c), recs[i:i + size], policy, "bench-secret-0123456789")
                outcomes += done.counts
        secs = time.perf_counter() - t0
        paths = " ".join(f"{k}={outcomes[k]}" for k in ("linked", "unmatched", "dead_lettered", "duplicate"))
        print(f"batch={size:>5} records={len(recs):>6} seconds={secs:6.2f} records_per_s={len(recs) / secs:8.0f} "
              f"{paths}")
    await pool.close()


def main(database_url: str = typer.Option(...), households: int = 294_800, records: int = 20_000,
         batch: list[int] = typer.Option([100, 500, 2000])) -> None:
    asyncio.run(run(database_url, households, records, batch))


if __name__ == "__main__":
    typer.run(main)
