"""The registry's first load from an export (issue 10, part 5), beside PostgreSQL's own work on
the same rows.

    python -m benchmarks.bench_registry [--persons 4500000 | --households 294800] [--seed 20260101]
    (`make bench-registry` runs the prefecture's 4.5 million persons)

1. The synthetic registry of about `persons` persons (prefecture scale: 4.5 million) is written
   once as an export of layout two_sheets (户信息.csv + 家庭成员信息.csv, tooling/registry/
   export_file.py) and as the tables' own CSV (households.csv, persons.csv: the same rows in
   the tables' columns), kept under .local/bench/registry-<households>-<seed>/.
2. Ours: `python -m services.monitor.registry import` of the export into an empty registry
   (database relapse_bench_registry, made afresh): read, check every row, COPY, indexes and
   match keys after, in one transaction. Timed whole (wall), and its database part as the
   command reports it.
3. PostgreSQL's own work (database relapse_bench_registry_pg): bare `COPY ... FROM STDIN (FORMAT
   csv)` of the tables' CSV into tables without any index or key, then the same primary keys and
   secondary indexes (002_registry_indexes.sql) built by plain SQL, and ANALYZE.
Printed: both times and the ratios (whole command / PostgreSQL's, database part / PostgreSQL's;
the issue's target is 1.5). The match keys (three per person, the matcher's) are our load's own
extra work and are counted in ours. Timings are printed, never asserted. Needs PostgreSQL (the
local one, from .local/env or DATABASE_URL); Kafka is not used. The last line is exactly
`persons=P ours_s=A postgres_s=B ratio=R`.
"""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import typer

from benchmarks.databases import ensure_database
from deploy.local.durability import ensure_durable
from deploy.local.paths import ENV_FILE, LOCAL
from services.monitor.migrate import migrate
from services.monitor.registry.rows import HOUSEHOLD_COLUMNS, PERSON_COLUMNS
from services.monitor.registry.tables import INDEXES_SQL, SCHEMA_SQL
from tooling.registry.export import write_csv
from tooling.registry.export_file import write_export
from tooling.registry.generate import generate
from tooling.registry.generate.calibration import DEFAULT_SEED, size_mean

OURS, PG = "relapse_bench_registry", "relapse_bench_registry_pg"
BARE_TABLES = ("ALTER TABLE monitor.households DROP CONSTRAINT households_pkey",
               "ALTER TABLE monitor.persons DROP CONSTRAINT persons_pkey")
KEYS = ("ALTER TABLE monitor.households ADD CONSTRAINT households_pkey PRIMARY KEY (household_id)",
        "ALTER TABLE monitor.persons ADD CONSTRAINT persons_pkey PRIMARY KEY (resident_id)")


def _server() -> str:
    dsn = os.environ.get("DATABASE_URL")
    if not dsn and ENV_FILE.exists():
        env = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line)
        dsn = env.get("DATABASE_URL")
    if not dsn:
        raise typer.BadParameter("no PostgreSQL: set DATABASE_URL or run `make up`")
    return dsn.rsplit("/", 1)[0]


async def _fresh(dsn: str) -> None:
    server, name = dsn.rsplit("/", 1)
    admin = await asyncpg.connect(server + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
    await ensure_database(dsn)
    await migrate(dsn)


def _files(households: int, seed: int) -> tuple[list[Path], Path]:
    """(the export's files, the folder of the tables' CSV), written once per size and seed."""
    folder = LOCAL / "bench" / f"registry-{households}-{seed}"
    export = [folder / "户信息.csv", folder / "家庭成员信息.csv"]
    done = folder / "complete"
    if not done.exists():
        started = time.perf_counter()
        write_export(folder, generate(households, seed))
        write_csv(folder / "tables", households, seed)
        done.write_text("written\n")
        print(f"files written in {time.perf_counter() - started:.0f} s: {folder}", flush=True)
    return export, folder / "tables"


def _ours(dsn: str, export: list[Path]) -> tuple[float, float | None, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "services.monitor.registry", "import", *map(str, export),
                           "--database-url", dsn], stdout=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the import failed: {done.stdout[-500:]}")
    db = re.search(r"first load by COPY: .*?([\d.]+) s", done.stdout)
    return seconds, float(db.group(1)) if db else None, done.stdout.strip().splitlines()[-1]


async def _postgres(dsn: str, tables: Path) -> tuple[float, float]:
    """(bare COPY seconds, key and index build + ANALYZE seconds)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for statement in BARE_TABLES:
            await conn.execute(statement)
        await conn.execute("SET synchronous_commit = off")
        started = time.perf_counter()
        async with conn.transaction():
            for table, columns in (("households", HOUSEHOLD_COLUMNS), ("persons", PERSON_COLUMNS)):
                with open(tables / f"{table}.csv", "rb") as f:
                    await conn.copy_to_table(table, schema_name="monitor", source=f, columns=columns,
                                             format="csv", header=True)
        copied = time.perf_counter()
        await conn.execute("SET maintenance_work_mem = '512MB'")
        for statement in KEYS:
            await conn.execute(statement)
        await conn.execute(INDEXES_SQL.read_text(encoding="utf-8"))
        await conn.execute("ANALYZE monitor.households, monitor.persons")
        return copied - started, time.perf_counter() - copied
    finally:
        await conn.close()


def main(persons: int = typer.Option(4_500_000, help="registry size in persons (prefecture: 4.5 million)"),
         households: int = typer.Option(0, help="registry size in households instead (294,800: the demo's)"),
         seed: int = typer.Option(DEFAULT_SEED, help="registry seed")) -> None:
    households = households or round(persons / size_mean())
    server = _server()
    asyncio.run(ensure_durable(f"{server}/postgres"))
    export, tables = _files(households, seed)
    asyncio.run(_fresh(f"{server}/{OURS}"))
    ours, ours_db, line = _ours(f"{server}/{OURS}", export)
    print(f"ours: {line} in {ours:.1f} s (database part: COPY, indexes, match keys: "
          f"{ours_db if ours_db is not None else float('nan'):.1f} s)", flush=True)
    asyncio.run(_fresh(f"{server}/{PG}"))
    copy_s, index_s = asyncio.run(_postgres(f"{server}/{PG}", tables))
    pg = copy_s + index_s
    print(f"postgres: bare COPY {copy_s:.1f} s + keys and indexes by SQL {index_s:.1f} s = {pg:.1f} s", flush=True)
    if ours_db is not None:
        print(f"database part / postgres = {ours_db / pg:.2f}")
    persons_loaded = int(re.search(r"persons=(\d+)", line).group(1))
    print(f"persons={persons_loaded} ours_s={ours:.1f} postgres_s={pg:.1f} ratio={ours / pg:.2f}")


if __name__ == "__main__":
    typer.run(main)
