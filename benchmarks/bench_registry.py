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
   secondary indexes (002_registry_indexes.sql) and the same match keys (the matcher's three
   per person, 004_matching.sql's INSERT ... SELECT) built by plain SQL, and ANALYZE; all of it
   in one transaction, as ours (see `_postgres`).
Both sides durable: the server's fsync and synchronous_commit are printed first (the bench
changes neither; a server started with fsync=off makes both sides faster, and says so).
Printed: both times and the ratios (whole command / PostgreSQL's, database part / PostgreSQL's;
the issue's target is 1.5). Timings are printed, never asserted. Needs PostgreSQL (the local
one, from .local/env or DATABASE_URL); Kafka is not used. The export is CSV: 4.5 million member
rows exceed an .xlsx sheet's 1,048,576 rows (an .xlsx export is read row by row, slower).
`registry_figures` gives (registry_load_s, copy_s) to `make bench`. The last line is exactly
`persons=P ours_s=A postgres_s=B ratio=R`.
"""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import typer

from benchmarks.databases import drop_database, ensure_database
from deploy.local.durability import ensure_durable
from deploy.local.paths import ENV_FILE, LOCAL
from services.monitor.matching.keys import rebuild_match_keys
from services.monitor.migrate import migrate
from services.monitor.registry.rows import HOUSEHOLD_COLUMNS, PERSON_COLUMNS
from services.monitor.registry.tables import INDEXES_SQL, SCHEMA_SQL
from tooling.registry.export import write_csv
from tooling.registry.export_file import write_export
from tooling.registry.generate import generate
from tooling.registry.generate.calibration import DEFAULT_SEED, size_mean

DURABILITY = ("fsync", "synchronous_commit", "full_page_writes", "wal_level")
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
    await drop_database(dsn)
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
    """(bare COPY seconds, key, index and match key build + ANALYZE seconds), all in one
    transaction that also empties the tables first, as our import does: a transaction reading
    its own rows skips the commit-status look-ups (and hint-bit writes) that separate statements
    pay, about a third of PostgreSQL's time here; the baseline gets that as well."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for statement in BARE_TABLES:
            await conn.execute(statement)
        async with conn.transaction():
            started = time.perf_counter()
            await conn.execute("TRUNCATE monitor.persons, monitor.households")
            for table, columns in (("households", HOUSEHOLD_COLUMNS), ("persons", PERSON_COLUMNS)):
                with open(tables / f"{table}.csv", "rb") as f:
                    await conn.copy_to_table(table, schema_name="monitor", source=f, columns=columns,
                                             format="csv", header=True)
            copied = time.perf_counter()
            await conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in KEYS:
                await conn.execute(statement)
            await conn.execute(INDEXES_SQL.read_text(encoding="utf-8"))
            await conn.execute("ANALYZE monitor.households, monitor.persons")
            await rebuild_match_keys(conn)
        return copied - started, time.perf_counter() - copied
    finally:
        await conn.close()


async def _settings(dsn: str) -> dict[str, str]:
    conn = await asyncpg.connect(dsn)
    try:
        return {name: await conn.fetchval(f"SHOW {name}") for name in DURABILITY}
    finally:
        await conn.close()


@dataclass(frozen=True)
class RegistryFigures:
    """One run's figures, seconds of wall time."""

    persons: int
    registry_load_s: float  # our import command, whole (read, check, COPY, keys, indexes, match keys)
    database_s: float | None  # its database part as the command reports it
    copy_s: float  # PostgreSQL's bare COPY of the same rows
    index_s: float  # PostgreSQL's keys, indexes, match keys and ANALYZE by plain SQL

    @property
    def postgres_s(self) -> float:
        return self.copy_s + self.index_s


def registry_figures(persons: int = 4_500_000, households: int = 0, seed: int = DEFAULT_SEED,
                     say=print, keep: bool = False) -> RegistryFigures:
    """Run both loads (files written once per size and seed; both databases made afresh) and
    return the figures; `make bench` prints registry_load_s and copy_s from it. `keep`: PostgreSQL's
    side first and our loaded registry left in place (registry_dsn()) for the caller, else ours is
    dropped before PostgreSQL's side runs (its autovacuum would run beside it). Raises SystemExit
    when the import fails, typer.BadParameter without a PostgreSQL."""
    households = households or round(persons / size_mean())
    server = _server()
    asyncio.run(ensure_durable(f"{server}/postgres", say=say))  # restarts only a launcher's own fast server
    settings = asyncio.run(_settings(f"{server}/postgres"))
    say("server: " + ", ".join(f"{k}={v}" for k, v in settings.items())
        + ("" if settings.get("fsync") == "on" else " (fsync off: the shared server was started so; both sides gain)"))
    export, tables = _files(households, seed)
    if keep:
        copy_s, index_s = _postgres_side(server, tables, say)
    asyncio.run(_fresh(f"{server}/{OURS}"))
    ours, ours_db, line = _ours(f"{server}/{OURS}", export)
    say(f"ours: {line} in {ours:.1f} s (database part: COPY, keys, indexes, match keys: "
        f"{ours_db if ours_db is not None else float('nan'):.1f} s)")
    if not keep:
        asyncio.run(drop_database(f"{server}/{OURS}"))
        copy_s, index_s = _postgres_side(server, tables, say)
    return RegistryFigures(int(re.search(r"persons=(\d+)", line).group(1)), ours, ours_db, copy_s, index_s)


def registry_dsn() -> str:
    """The database registry_figures(keep=True) leaves loaded."""
    return f"{_server()}/{OURS}"


def _postgres_side(server: str, tables: Path, say) -> tuple[float, float]:
    asyncio.run(_fresh(f"{server}/{PG}"))
    copy_s, index_s = asyncio.run(_postgres(f"{server}/{PG}", tables))
    asyncio.run(drop_database(f"{server}/{PG}"))  # 4.5 million persons twice over: not kept
    say(f"postgres: bare COPY {copy_s:.1f} s + keys, indexes and match keys by SQL {index_s:.1f} s "
        f"= {copy_s + index_s:.1f} s")
    return copy_s, index_s


def main(persons: int = typer.Option(4_500_000, help="registry size in persons (prefecture: 4.5 million)"),
         households: int = typer.Option(0, help="registry size in households instead (294,800: the demo's)"),
         seed: int = typer.Option(DEFAULT_SEED, help="registry seed")) -> None:
    f = registry_figures(persons, households, seed, say=lambda text: print(text, flush=True))
    if f.database_s is not None:
        print(f"database part / postgres = {f.database_s / f.postgres_s:.2f}")
    print(f"persons={f.persons} ours_s={f.registry_load_s:.1f} postgres_s={f.postgres_s:.1f} "
          f"ratio={f.registry_load_s / f.postgres_s:.2f}")


if __name__ == "__main__":
    typer.run(main)
