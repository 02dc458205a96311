"""The main job: `python -m deploy.demo` (what `make demo` runs).

Starts Kafka and PostgreSQL (deploy/local), loads the synthetic registry at the seed's scale,
starts the monitor and the five department services, replays a month of department events
through Kafka, waits until the monitor has processed all of them, and prints a summary.
The services keep running afterwards; `make down` stops everything.
"""
import asyncio
import os
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import asyncpg
import httpx
import typer
from rich.console import Console

from deploy import privacy_check, summary
from deploy.local import __main__ as launcher
from deploy.local import services
from deploy.local.paths import ENV_FILE, LOCAL
from deploy.local.process import LaunchError
from services.monitor.migrate import migrate
from shared.kit.auth import parse_keys
from shared.kit.cli.summary import print_summary
from shared.kit.importing.job import run_import
from shared.settings import InfraSettings
from tooling.registry.load import load_synthetic_registry
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.people import SimPerson, write_people
from tooling.simulate.publish import Noise, simulate

# Wide enough for the summary tables when the output goes to a file or a CI log.
console = Console(width=None if Console().is_terminal else 120)
PEOPLE = LOCAL / "demo" / "people.csv"
# Events per department for one month (rough monthly volumes for a 1.2 million-person registry sample).
DEFAULT_COUNTS = {"health_insurance": 4000, "employment": 3000, "housing": 2500, "civil_affairs": 2000, "education": 1500}
FILE_ROWS = 2000  # health insurance's monthly spreadsheet, imported besides its 4,000 Kafka events


def _load_env() -> dict:
    env = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line)
    os.environ.update(env)
    return env


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


async def _registry(dsn: str, households: int, seed: int) -> None:
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


async def _people_sample(dsn: str, size: int) -> list[SimPerson]:
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


def _processed_so_far() -> int:
    text = httpx.get(f"http://127.0.0.1:{services.MONITOR_HTTP_PORT}/metrics/", timeout=5).text
    return int(sum(float(v) for v in re.findall(r'^monitor_records_total\{[^}]*\} ([0-9.e+]+)$', text, re.M)))


async def _wait_drained(dsn: str, target: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(dsn)
    last_report, last_done = 0.0, -1
    try:
        while time.monotonic() < deadline:
            done = _processed_so_far()
            pending = await conn.fetchval("SELECT count(*) FROM monitor.outbox WHERE published_at IS NULL AND failed_at IS NULL")
            if done >= target and pending == 0:
                return
            if time.monotonic() - last_report > 5 and done != last_done:
                console.print(f"  monitor: {done:,} of {target:,} records processed, {pending:,} messages to send")
                last_report, last_done = time.monotonic(), done
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    raise TimeoutError(f"the monitor did not process {target} records within {timeout_s:.0f} s; see .local/logs/monitor.log")


async def _replay(env: dict, people: list[SimPerson], month: str, scale: float, seed: int) -> Counter:
    from importlib import import_module

    start = date.fromisoformat(month + "-01")
    depts = {code: import_module(f"services.{code}.department").DEPARTMENT for code in DEFAULT_COUNTS}
    results = await asyncio.gather(*(
        simulate(depts[code], people, start, max(1, int(n * scale)), seed, env["KAFKA_BOOTSTRAP_SERVERS"],
                 env["PARTITION_KEY_SECRET"], Noise(), progress=False) for code, n in DEFAULT_COUNTS.items()))
    for code, counts in zip(DEFAULT_COUNTS, results):
        console.print(f"  {code}: published {sum(counts.values()):,} "
                      + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return sum(results, Counter())


async def _import_month_file(env: dict, people: list[SimPerson], month: str, scale: float, seed: int) -> int:
    """Health insurance sends its month as a spreadsheet, the way most departments share data:
    written in its own layout (with 1% bad rows) and imported like `python -m services.health_insurance
    import FILE`; returns the events published."""
    from services.health_insurance.department import DEPARTMENT as dept

    path = LOCAL / "demo" / f"{dept.code}-{month}-{seed}.xlsx"
    written = write_month_file(dept, people, date.fromisoformat(month + "-01"), max(1, int(FILE_ROWS * scale)), seed,
                               path, bad_rate=0.01)
    settings = InfraSettings(kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"], database_url=env["DATABASE_URL"],
                             partition_key_secret=env["PARTITION_KEY_SECRET"])
    imported = await run_import(dept, path, settings)
    print_summary(dept, imported, console)
    console.print(f"  ({len(written.bad_rows)} rows were written bad on purpose: "
                  + " ".join(f"{k}={v}" for k, v in sorted(written.defects.items())) + ")")
    return imported.published


async def _staff_work(dsn: str, per_department: int) -> int:
    """Department staff acknowledge tasks and complete half of them over HTTP, as they would in
    their own systems; returns the number of status events sent back to the monitor."""
    conn = await asyncpg.connect(dsn)
    try:
        expected = dict(await conn.fetch("SELECT department, count(*) FROM monitor.tasks WHERE status = 'assigned' "
                                         "GROUP BY 1"))
    finally:
        await conn.close()
    sent = 0
    keys = parse_keys(os.environ["DEPARTMENT_API_KEYS"])
    async with httpx.AsyncClient(timeout=10) as http:
        for dept, port in services.DEPARTMENTS.items():
            http.headers["Authorization"] = f"Bearer {keys[dept]}"  # each department with its own key
            want = min(expected.get(dept, 0), per_department)
            url = f"http://127.0.0.1:{port}/v1/tasks"
            open_tasks: list = []
            for _ in range(60):  # the department's subscriber stores tasks moments after the monitor sends them
                open_tasks = (await http.get(url, params={"status": "open", "limit": per_department})).json()
                if len(open_tasks) >= want:
                    break
                await asyncio.sleep(0.5)
            for i, task in enumerate(open_tasks[:want]):
                staff = f"staff-{dept}-{i % 7:02d}"
                r = await http.post(f"{url}/{task['task_id']}/acknowledge", json={"acknowledged_by": staff})
                sent += r.status_code == 200
                if i % 2 == 0:
                    r = await http.post(f"{url}/{task['task_id']}/complete", json={
                        "completed_by": staff, "outcome": "resolved", "measures": [f"{task['task_type']} 已落实"]})
                    sent += r.status_code == 200
    return sent


def main(
    households: int = typer.Option(294_800, help="registry size (seed: 294,800 households)"),
    seed: int = typer.Option(20260101, help="registry seed"),
    month: str = typer.Option("2026-10", help="month of department events to replay"),
    scale: float = typer.Option(1.0, help="multiplies the events per department"),
    event_seed: int = typer.Option(0, help="events seed; 0 picks a new one so a re-run adds new events"),
) -> None:
    started = time.perf_counter()
    try:
        launcher.up()
        env = _load_env()
        dsn = env["DATABASE_URL"]
        asyncio.run(migrate(dsn))
        asyncio.run(_registry(dsn, households, seed))
        # Services left running by an earlier demo may run older code: start them afresh.
        restarted = services.stop_all()
        console.print(f"services: {'restarting' if restarted else 'starting'} monitor and five department services ...")
        services.start_all(env)
        people = asyncio.run(_people_sample(dsn, 60_000))
        baseline = _processed_so_far()
        console.print(f"replaying {month} through Kafka ...")
        t0 = time.perf_counter()
        events_seed = event_seed or int(time.time())
        sent = asyncio.run(_replay(env, people, month, scale, events_seed))
        console.print(f"importing health insurance's monthly spreadsheet for {month} ...")
        sent["imported_from_file"] = asyncio.run(_import_month_file(env, people, month, scale, events_seed))
        asyncio.run(_wait_drained(dsn, baseline + sum(sent.values()), timeout_s=600))
        console.print(f"replay: {sum(sent.values()):,} events processed in {time.perf_counter() - t0:.1f} s")
        console.print("department staff acknowledge and complete some tasks over HTTP ...")
        status_events = asyncio.run(_staff_work(dsn, per_department=100))
        asyncio.run(_wait_drained(dsn, baseline + sum(sent.values()) + status_events, timeout_s=120))
        summary.render(asyncio.run(summary.collect(dsn)), console)
        ids, names = asyncio.run(privacy_check.registry_identities(dsn))
        found = privacy_check.scan(sorted(services.LOGS.glob("*.log")), ids, names)
        console.print(f"privacy check of {services.LOGS}: {found.lines_scanned:,} log lines, "
                      f"{len(found.ids)} with a resident ID, {len(found.names)} with a name")
        if not found.clean:
            raise typer.Exit(1)
    except (LaunchError, TimeoutError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    console.print(f"demo finished in {time.perf_counter() - started:.0f} s. Services keep running "
                  f"(logs in {services.LOGS}); stop everything with `make down`.")


if __name__ == "__main__":
    typer.run(main)
