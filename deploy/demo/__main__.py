"""`python -m deploy.demo`: the demo's steps in order (see deploy/demo/__init__.py)."""
import asyncio
import os
import time

import typer

from deploy import privacy_check, summary
from deploy.demo import console
from deploy.demo.drain import processed_so_far, wait_drained, wait_overdue_marked
from deploy.demo.registry import RegistryImportFailed, ensure_registry, people_sample
from deploy.demo.replay import import_month_file, replay
from deploy.demo.staff import staff_work
from deploy.local import __main__ as launcher
from deploy.local import services
from deploy.local.paths import ENV_FILE
from deploy.local.process import LaunchError
from services.monitor.migrate import migrate


def _load_env() -> dict:
    env = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line)
    os.environ.update(env)
    return env


def _start(households: int, seed: int) -> dict:
    """Infrastructure, schema, registry and (afresh) every service; returns the environment."""
    launcher.up()
    env = _load_env()
    asyncio.run(migrate(env["DATABASE_URL"]))
    asyncio.run(ensure_registry(env["DATABASE_URL"], households, seed))
    # Services left running by an earlier demo may run older code: start them afresh.
    restarted = services.stop_all()
    console.print(f"services: {'restarting' if restarted else 'starting'} the monitor and "
                  f"{len(services.DEPARTMENTS)} department services ...")
    services.start_all(env)
    return env


def _month(env: dict, month: str, scale: float, events_seed: int) -> int:
    """Replay the month and let staff work tasks; returns the records the monitor processed."""
    dsn = env["DATABASE_URL"]
    people = asyncio.run(people_sample(dsn, 60_000))
    baseline = processed_so_far()
    console.print(f"replaying {month} through Kafka ...")
    t0 = time.perf_counter()
    sent = asyncio.run(replay(env, people, month, scale, events_seed))
    console.print(f"importing health insurance's monthly spreadsheet for {month} ...")
    sent["imported_from_file"] = asyncio.run(import_month_file(env, people, month, scale, events_seed))
    asyncio.run(wait_drained(dsn, baseline + sum(sent.values()), timeout_s=600))
    console.print(f"replay: {sum(sent.values()):,} events processed in {time.perf_counter() - t0:.1f} s")
    console.print("department staff acknowledge and complete some tasks over HTTP ...")
    status_events = asyncio.run(staff_work(dsn, per_department=100))
    asyncio.run(wait_drained(dsn, baseline + sum(sent.values()) + status_events, timeout_s=120))
    # The month lies in the past: the summary counts its overdue tasks once the monitor escalated them.
    asyncio.run(wait_overdue_marked(dsn, timeout_s=150))
    asyncio.run(wait_drained(dsn, baseline + sum(sent.values()) + status_events, timeout_s=60))
    return sum(sent.values()) + status_events


def _privacy_clean(dsn: str) -> bool:
    ids, names = asyncio.run(privacy_check.registry_identities(dsn))
    found = privacy_check.scan(sorted(services.LOGS.glob("*.log")), ids, names)
    console.print(f"privacy check of {services.LOGS}: {found.lines_scanned:,} log lines, "
                  f"{len(found.ids)} with a resident ID, {len(found.names)} with a name")
    return found.clean


def main(
    households: int = typer.Option(294_800, help="registry size (seed: 294,800 households)"),
    seed: int = typer.Option(20260101, help="registry seed"),
    month: str = typer.Option("2026-10", help="month of department events to replay"),
    scale: float = typer.Option(1.0, help="multiplies the events per department"),
    event_seed: int = typer.Option(0, help="events seed; 0 picks a new one so a re-run adds new events"),
) -> None:
    started = time.perf_counter()
    try:
        env = _start(households, seed)
        _month(env, month, scale, event_seed or int(time.time()))
        summary.render(asyncio.run(summary.collect(env["DATABASE_URL"])), console)
        if not _privacy_clean(env["DATABASE_URL"]):
            raise typer.Exit(1)
    except (LaunchError, TimeoutError, RegistryImportFailed) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    console.print(f"demo finished in {time.perf_counter() - started:.0f} s. Services keep running "
                  f"(logs in {services.LOGS}); stop everything with `make down`.")
    console.print("[bold]where to look[/bold]")
    for line in summary.where_to_look(services.MONITOR_HTTP_PORT):
        console.print("  " + line, highlight=False)


if __name__ == "__main__":
    typer.run(main)
