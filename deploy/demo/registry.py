"""The demo's registry: the synthetic one at the seed's scale, loaded once per seed, and the
sample of its people the departments keep their own records of."""
import asyncpg

from deploy.demo import console
from deploy.local import services
from deploy.local.paths import LOCAL
from tooling.registry.load import load_synthetic_registry
from tooling.simulate.people import SimPerson, write_people

PEOPLE = LOCAL / "demo" / "people.csv"
REGISTRY_STAMP = LOCAL / "demo" / "registry"
MONITOR_STATE = ("processed_events", "household_events", "factors", "tasks", "alert_transitions", "assessments",
                 "alerts", "unmatched_events", "dead_letters", "outbox")


async def _reset_state(dsn: str) -> None:
    """A new registry makes earlier alerts and tasks point at households that no longer exist:
    start the monitor's and the departments' state afresh (never done outside the demo)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("TRUNCATE " + ", ".join(f"monitor.{t}" for t in MONITOR_STATE))
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
    stats = await load_synthetic_registry(dsn, households=households, seed=seed, progress=True)
    REGISTRY_STAMP.parent.mkdir(parents=True, exist_ok=True)
    REGISTRY_STAMP.write_text(wanted)
    console.print(f"registry: {stats.households:,} households, {stats.persons:,} persons, "
                  f"{stats.under_line:,} under the monitoring line, loaded in {stats.seconds:.1f} s")


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
