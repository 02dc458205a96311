"""What the monitor has seen and done, as tables: `python -m deploy.summary` (reads DATABASE_URL).

One vocabulary with the README and the APIs: an event is `linked` to a registry person (the
monitor's outcome and `link_method`), `unmatched` (held for review) or dead-lettered; a task is
`open` until its department acknowledges it (the department API's status; `assigned` in the
monitor's table), then `acknowledged`, then `completed`; `overdue` is an open or acknowledged task
past its due date, and each one escalates its alert (`alert_escalated` on monitor.alerts.v1)."""
import asyncio

import asyncpg
from rich.console import Console
from rich.table import Table

from services.monitor.held import OPEN_BY_KIND_SQL
from shared import topics
from shared.settings import DatabaseSettings, load_or_exit
from tooling.registry.kashgar import COUNTIES

COUNTY_NAMES = {c.code: c.name for c in COUNTIES}
LEVELS = ("red", "orange", "yellow")
TASK_COLUMNS = {"assigned": "open"}  # the monitor stores `assigned` for what the department API calls open


async def collect(dsn: str) -> dict:
    conn = await asyncpg.connect(dsn)
    try:
        return {
            "by_department": await conn.fetch(
                "SELECT source_topic, outcome, count(*) AS n FROM monitor.processed_events GROUP BY 1, 2 "
                "UNION ALL SELECT source_topic, 'dead_lettered', count(*) FROM monitor.dead_letters GROUP BY 1"),
            "links": await conn.fetch("SELECT link_method, count(*) AS n FROM monitor.household_events GROUP BY 1"),
            "held": await conn.fetch(OPEN_BY_KIND_SQL),
            "alerts": await conn.fetch("SELECT county_code, level, count(*) AS n FROM monitor.alerts GROUP BY 1, 2"),
            "tasks": await conn.fetch("SELECT department, status, count(*) AS n, count(*) FILTER (WHERE overdue_at "
                                      "IS NOT NULL AND status <> 'completed') AS overdue FROM monitor.tasks GROUP BY 1, 2"),
            "escalated": await conn.fetchrow("SELECT count(*) FILTER (WHERE escalations > 0) AS alerts, "
                                             "coalesce(sum(escalations), 0) AS escalations FROM monitor.alerts"),
            "registry": await conn.fetchrow("SELECT (SELECT count(*) FROM monitor.households) AS households, "
                                            "(SELECT count(*) FROM monitor.persons) AS persons"),
            "pending_outbox": await conn.fetchval("SELECT count(*) FROM monitor.outbox WHERE published_at IS NULL AND failed_at IS NULL"),
        }
    finally:
        await conn.close()


def render(data: dict, console: Console) -> None:
    reg = data["registry"]
    console.print(f"registry: {reg['households']:,} households, {reg['persons']:,} persons")
    events = Table(title="Events per department",
                   caption="task status: the department's own reports on the monitor's tasks (acknowledged, "
                           "completed), not events about people")
    for col in ("department", "linked", "unmatched", "dead-lettered", "task status", "total"):
        events.add_column(col, justify="right" if col != "department" else "left")
    per: dict[str, dict] = {}
    for r in data["by_department"]:
        dept = topics.department_of(r["source_topic"]) or r["source_topic"]
        per.setdefault(dept, {})[r["outcome"]] = r["n"]
    totals = {}
    for dept in sorted(per):
        row = per[dept]
        cells = [row.get(k, 0) for k in ("linked", "unmatched", "dead_lettered", "task_status")]
        totals = {k: totals.get(k, 0) + v for k, v in zip(("linked", "unmatched", "dead_lettered", "task_status"), cells)}
        events.add_row(dept, *map(str, cells), str(sum(cells)))
    console.print(events)
    console.print("linked={linked} unmatched={unmatched} dead_lettered={dead_lettered}".format(
        **{k: totals.get(k, 0) for k in ("linked", "unmatched", "dead_lettered")}))
    links = {r["link_method"]: r["n"] for r in data["links"]}
    held = {r["kind"]: r["n"] for r in data["held"]}
    console.print("linked by " + ", ".join(f"{m} {links.get(m, 0)}" for m in ("exact", "normalised", "probabilistic",
                                                                               "manual"))
                  + f"; held for review with candidates {held.get('review', 0)}, outside the monitored region "
                  f"{held.get('outside_region', 0)}, not in the registry {held.get('not_in_registry', 0)} (GET /v1/review)")

    alerts = Table(title="Alerts by county and colour")
    alerts.add_column("county")
    for lvl in LEVELS:
        alerts.add_column(lvl, justify="right")
    counts: dict[str, dict] = {}
    for r in data["alerts"]:
        counts.setdefault(r["county_code"], {})[r["level"]] = r["n"]
    for code in sorted(counts):
        alerts.add_row(f"{COUNTY_NAMES.get(code, '?')} {code}", *(str(counts[code].get(l, 0)) for l in LEVELS))
    alerts.add_row("total", *(str(sum(c.get(l, 0) for c in counts.values())) for l in LEVELS), style="bold")
    console.print(alerts)

    console.print(_tasks_table(data["tasks"]))
    escalated = data.get("escalated") or {"alerts": 0, "escalations": 0}
    console.print(f"alerts escalated by overdue tasks: {escalated['alerts']:,} ({escalated['escalations']:,} "
                  "escalations, each an alert_escalated on monitor.alerts.v1)")
    if data["pending_outbox"]:
        console.print(f"[yellow]{data['pending_outbox']} outbox messages not yet published[/yellow]")


def _tasks_table(rows) -> Table:
    """Per department: open (the department API's `open`, stored as `assigned`), acknowledged,
    completed, and overdue (open or acknowledged past the due date)."""
    tasks = Table(title="Assistance tasks by department",
                  caption="open = not yet acknowledged (the department API's status=open); overdue = open or "
                          "acknowledged past its due date; township = the cadres' verification visits")
    for col in ("department", "open", "acknowledged", "completed", "overdue"):
        tasks.add_column(col, justify="left" if col == "department" else "right")
    per: dict[str, dict] = {}
    for r in rows:
        counts = per.setdefault(r["department"], {"overdue": 0})
        counts[TASK_COLUMNS.get(r["status"], r["status"])] = r["n"]
        counts["overdue"] += r.get("overdue", 0)  # asyncpg Records have .get too
    for dept in sorted(per):
        tasks.add_row(dept, *(str(per[dept].get(c, 0)) for c in ("open", "acknowledged", "completed", "overdue")))
    return tasks


def where_to_look(monitor_port: int) -> list[str]:
    """The demo's closing lines: the dashboard, where the operator token is (never the token), the
    API docs and one command to try."""
    base = f"http://127.0.0.1:{monitor_port}"
    return [f"dashboard:  {base}/dashboard/  (sign in with the operator token)",
            "token:      in .local/env, variable OPERATOR_TOKENS (name:token; the token is after the colon)",
            f"API docs:   {base}/docs  (the operator API; Authorize with the same token)",
            "try:        .venv/bin/python -m relapse watch alerts --from-beginning --max 20"]


if __name__ == "__main__":
    render(asyncio.run(collect(load_or_exit(DatabaseSettings, "summary").database_url)), Console())
