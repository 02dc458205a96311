"""The demo's summary on a real database (deploy/summary.py, deploy/demo/drain.py): it waits for the
monitor's overdue pass, then counts open, acknowledged, completed and overdue tasks per department
and the alerts their overdue tasks escalated."""
from datetime import date, datetime, timezone

import asyncpg
import pytest
from rich.console import Console

from deploy import summary
from deploy.demo.drain import wait_overdue_marked
from services.monitor.overdue import mark_overdue

TASK = ("INSERT INTO monitor.tasks (task_id, alert_id, household_id, department, task_type, factor_code, due_date, "
        "status) VALUES ($1, 'a1', 'h1', 'housing', $2, 'unsafe_housing', $3, $4)")


async def test_overdue_tasks_are_waited_for_then_counted_with_their_escalations(empty_registry):
    conn = await asyncpg.connect(empty_registry)
    try:
        await conn.execute("INSERT INTO monitor.alerts (alert_id, household_id, county_code, level, factors, "
                           "policy_version, explanation_zh, explanation_en, link, business_time) VALUES "
                           "('a1', 'h1', '653125', 'red', '[]', 'p1', '说明', 'why', '{}', now())")
        await conn.execute(TASK, "t1", "housing_renovation", date(2026, 10, 1), "assigned")
        await conn.execute(TASK, "t2", "housing_appraisal", date(2026, 10, 2), "acknowledged")
        await conn.execute(TASK, "t3", "housing_check", date(2026, 10, 3), "completed")
        with pytest.raises(TimeoutError, match="overdue"):
            await wait_overdue_marked(empty_registry, timeout_s=0.2, poll_s=0.3)
        async with conn.transaction():
            assert sorted(await mark_overdue(conn, datetime.now(timezone.utc))) == ["t1", "t2"]
        await wait_overdue_marked(empty_registry, timeout_s=5, poll_s=0.3)
    finally:
        await conn.close()
    console = Console(record=True, width=240)
    summary.render(await summary.collect(empty_registry), console)
    text = console.export_text()
    row = next(line for line in text.splitlines() if "housing" in line and "│" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["housing", "1", "1", "1", "2"]
    assert "alerts escalated by overdue tasks: 1 (2 escalations" in text
