"""The demo's registry: the synthetic one at the seed's scale, written as the monitoring system
exports it (tooling/registry/export_file.py, layout two_sheets: 户信息.csv + 家庭成员信息.csv) and
loaded through the production command, `python -m services.monitor.registry import`, once per
seed; and the sample of its people the departments keep their own records of."""
import asyncio
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

from deploy.demo import console
from deploy.local import services
from deploy.local.paths import LOCAL
from tooling.registry.export_file import write_export
from tooling.registry.generate import generate
from tooling.simulate.people import SimPerson, write_people

PEOPLE = LOCAL / "demo" / "people.csv"
REGISTRY_STAMP = LOCAL / "demo" / "registry"
EXPORT_DIR = LOCAL / "demo" / "export"
REGISTRY_TABLES = ("match_keys", "persons", "households")


class RegistryImportFailed(RuntimeError):
    """The registry import did not apply the demo's export; the message has its last lines."""
MONITOR_STATE = ("processed_events", "household_events", "factors", "tasks", "alert_transitions", "assessments",
                 "alerts", "unmatched_events", "dead_letters", "redrives", "outbox")


async def _reset_state(dsn: str) -> None:
    """A new registry makes earlier alerts and tasks point at households that no longer exist:
    start the monitor's and the departments' state afresh (never done outside the demo)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("TRUNCATE " + ", ".join(f"monitor.{t}" for t in MONITOR_STATE))
        # The new registry is a first load (COPY), not a difference from the one before.
        await conn.execute("TRUNCATE " + ", ".join(f"monitor.{t}" for t in REGISTRY_TABLES))
        # Every table of each department's schema but its migration record.
        tables = await conn.fetch("SELECT table_schema, table_name FROM information_schema.tables "
                                  "WHERE table_schema = ANY($1::text[]) AND table_name <> 'schema_migrations' "
                                  "AND table_type = 'BASE TABLE'", list(services.DEPARTMENTS))
        if tables:
            await conn.execute("TRUNCATE " + ", ".join(f'"{t["table_schema"]}"."{t["table_name"]}"' for t in tables))
    finally:
        await conn.close()


async def ensure_registry(dsn: str, households: int, seed: int) -> None:
    """Load the registry of `households` households from `seed` unless it is loaded already."""
    wanted = f"{households} {seed}"
    conn = await asyncpg.connect(dsn)
    try:
        loaded = await conn.fetchval("SELECT count(*) FROM monitor.households")
    finally:
        await conn.close()
    # The stamp says which seed; the count guards against a database recreated since.
    if REGISTRY_STAMP.exists() and REGISTRY_STAMP.read_text() == wanted and loaded == households:
        console.print(f"registry: {households:,} households (seed {seed}) already loaded")
        return
    stopped = services.stop_all()
    if stopped:
        console.print(f"services: stopped {', '.join(stopped)} to load a different registry")
    for log in services.LOGS.glob("*.log"):
        log.unlink()
    await _reset_state(dsn)
    started = time.perf_counter()
    paths, _, persons = await asyncio.to_thread(write_export, EXPORT_DIR, generate(households, seed))
    console.print(f"registry: the synthetic export written ({persons:,} persons, {', '.join(p.name for p in paths)}) "
                  f"in {time.perf_counter() - started:.1f} s; importing it ...")
    line = await asyncio.to_thread(import_export, dsn, paths)
    REGISTRY_STAMP.parent.mkdir(parents=True, exist_ok=True)
    REGISTRY_STAMP.write_text(wanted)
    console.print(f"registry import: {line}")


def import_export(dsn: str, paths: list[Path]) -> str:
    """`python -m services.monitor.registry import` of the export, as an office runs it; its
    progress goes to the terminal, its last line (households=H persons=P bad_rows=E) is returned.
    Raises RegistryImportFailed when the import does not apply the export."""
    done = subprocess.run([sys.executable, "-m", "services.monitor.registry", "import", *map(str, paths),
                           "--database-url", dsn], stdout=subprocess.PIPE, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0:
        raise RegistryImportFailed(f"the registry import failed (status {done.returncode}): {' / '.join(lines[-2:])}")
    return " · ".join(lines[-2:])


async def people_sample(dsn: str, size: int) -> list[SimPerson]:
    """Departments keep their own records of the same residents; the demo hands them a sample."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code, p.household_id, p.main_earner "
            "FROM monitor.persons p JOIN monitor.households h USING (household_id) ORDER BY random() LIMIT $1", size)
    finally:
        await conn.close()
    people = [SimPerson(r["resident_id"], r["name"], r["gender"], r["birth_date"], r["village_code"],
                        r["household_id"], r["main_earner"]) for r in rows]
    write_people(PEOPLE, people)
    return people
