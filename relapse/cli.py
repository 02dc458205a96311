"""The commands of `python -m relapse` (see relapse/__init__.py); each is a thin shell over a module of
this package, the shared lag helper or the dead-letter command."""
import asyncio
import math
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from relapse import settings, tables
from relapse.failures import fail, one_line_errors
from relapse.monitor_api import MonitorApi
from relapse.records import Row
from relapse.replay_status import replay_progress
from relapse.topics_named import resolve
from relapse.watching import watch as watch_topic
from services.monitor import deadletters
from shared import topics
from shared.kafka_lag import consumer_lag

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Operator command line of the relapse monitor.")
review_app = typer.Typer(no_args_is_help=True, help="The review queue of held events (monitor API /v1/review).")
dead_app = typer.Typer(no_args_is_help=True, help="Dead letters: list them, re-drive them after a fix (services/monitor/redrive.py).")
app.add_typer(review_app, name="review")
app.add_typer(dead_app, name="deadletters")
console = Console(highlight=False)

Bootstrap = Annotated[Optional[str], typer.Option("--bootstrap", help="Kafka bootstrap (else KAFKA_BOOTSTRAP_SERVERS)")]
MonitorUrl = Annotated[Optional[str], typer.Option("--monitor-url", help=f"else MONITOR_URL, else {settings.DEFAULT_MONITOR_URL}")]
Token = Annotated[Optional[str], typer.Option("--token", help="operator token (else OPERATOR_TOKENS' first)",
                                              show_default=False)]
ON_MONITOR = one_line_errors("monitor", "or pass --monitor-url")
ON_DATABASE = one_line_errors("database (PostgreSQL)", "DATABASE_URL from the environment or .local/env")


@app.command()
@one_line_errors()
def watch(
    topic: Annotated[str, typer.Argument(help="department code, alerts/unmatched/deadletter, or a topic name without the prefix")],
    type_: Annotated[Optional[list[str]], typer.Option("--type", help="only types containing this (repeatable)")] = None,
    county: Annotated[Optional[str], typer.Option(help="only this 6-digit county code")] = None,
    max_rows: Annotated[Optional[int], typer.Option("--max", min=1, help="stop after N rows")] = None,
    from_beginning: Annotated[bool, typer.Option("--from-beginning", help="from the oldest record, not new ones")] = False,
    timeout: Annotated[Optional[float], typer.Option(min=0.1, help="stop after this many seconds")] = None,
    bootstrap: Bootstrap = None,
) -> None:
    """Decoded rows of a topic as records arrive: time, type, county, level, masked resident ID."""
    if timeout is not None and not math.isfinite(timeout):
        fail("--timeout must be a number of seconds", 2)
    name = resolve(topic)
    shown = 0

    def show(row: Row) -> None:
        nonlocal shown
        shown += 1
        console.print(tables.watch_line(row), soft_wrap=True)

    with console.status(Text(f"reading {name} ...")):
        asyncio.run(watch_topic(settings.bootstrap(bootstrap), name, show, types=type_ or [], county=county,
                                max_rows=max_rows, from_beginning=from_beginning, timeout_s=timeout))
    console.print(Text(f"{shown} rows from {name}", style="dim"))


@app.command()
@one_line_errors()
def lag(group: Annotated[Optional[list[str]], typer.Option(help="only this consumer group (repeatable)")] = None,
        bootstrap: Bootstrap = None) -> None:
    """Consumer lag per group and partition: committed offset, end, records behind."""
    with console.status("asking the broker ..."):
        rows = asyncio.run(consumer_lag(settings.bootstrap(bootstrap), group or None))
    if not group and topics.PREFIX:
        rows = [r for r in rows if r.group.startswith(topics.PREFIX)]
    console.print(tables.lag_table(rows))


@app.command()
@ON_MONITOR
def alerts(status: Annotated[Optional[str], typer.Option(help="raised, verifying, confirmed, ...")] = None,
           level: Annotated[Optional[str], typer.Option(help="colour raised with: red, orange or yellow")] = None,
           county: Annotated[Optional[str], typer.Option(help="6-digit county code")] = None,
           limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
           monitor_url: MonitorUrl = None, token: Token = None) -> None:
    """Alerts from the monitor's operator API, newest first."""
    api = MonitorApi(settings.monitor_url(monitor_url), settings.operator_token(token))
    with console.status("asking the monitor ..."):
        found = api.alerts(status=status, level=level, county=county, limit=limit)
    console.print(tables.alerts_table(found))


@review_app.command("list")
@ON_MONITOR
def review_list(limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
                monitor_url: MonitorUrl = None, token: Token = None) -> None:
    """Held events with their candidates (numbered for `review accept --candidate N`)."""
    api = MonitorApi(settings.monitor_url(monitor_url), settings.operator_token(token))
    with console.status("asking the monitor ..."):
        held = api.review_queue(limit)
    console.print(tables.review_table(held))


@review_app.command("accept")
@ON_MONITOR
def review_accept(event_id: str,
                  reason: Annotated[str, typer.Option(help="why this person (kept with the decision)")],
                  candidate: Annotated[Optional[int], typer.Option(min=1, help="the candidate's number in `review list`")] = None,
                  resident_id: Annotated[Optional[str], typer.Option(help="link to this registry person instead")] = None,
                  monitor_url: MonitorUrl = None, token: Token = None) -> None:
    """Link a held event to a registry person: a candidate by number, or a resident ID."""
    if (candidate is None) == (resident_id is None):
        raise typer.BadParameter("give --candidate N or --resident-id, one of them")
    api = MonitorApi(settings.monitor_url(monitor_url), settings.operator_token(token))
    if candidate is not None:
        resident_id = tables.candidate_id(api.review_queue(1000), event_id, candidate)
    done = api.accept(event_id, resident_id, reason)
    console.print(f"accepted {event_id}: {done['alerts']} alerts, {done['tasks']} tasks")


@review_app.command("reject")
@ON_MONITOR
def review_reject(event_id: str, reason: Annotated[str, typer.Option(help="why no registry person fits")],
                  monitor_url: MonitorUrl = None, token: Token = None) -> None:
    """Close a held event without linking it."""
    api = MonitorApi(settings.monitor_url(monitor_url), settings.operator_token(token))
    console.print(f"rejected {api.reject(event_id, reason)['event_id']}")


dead_app.command("list")(ON_DATABASE(deadletters.list_dead_letters))
dead_app.command("redrive")(one_line_errors("database or broker", "DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS")(
    deadletters.redrive_dead_letters))


@app.command()
@one_line_errors()
def replay(follow: Annotated[bool, typer.Option("--follow", help="refresh until the monitor has read everything")] = False,
           bootstrap: Bootstrap = None) -> None:
    """How far the monitor has read the department topics (where the demo's replay goes)."""
    server = settings.bootstrap(bootstrap)
    with Progress(TextColumn("monitor read"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[left]}"),
                  console=console) as bar:
        task = bar.add_task("replay", total=None, left="")
        while True:
            now = asyncio.run(replay_progress(server))
            bar.update(task, total=now.total or None, completed=now.done, left=f"{now.left:,} left")
            if not follow or now.left == 0:
                break
            asyncio.run(asyncio.sleep(1))
    for name, behind in sorted(now.lag_by_topic.items()):
        if behind:
            console.print(f"  {name}: {behind:,} behind")
    if not now.total:
        console.print("the monitor has committed nothing on a department topic yet (no replay, or not started)")
