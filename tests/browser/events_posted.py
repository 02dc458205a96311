"""Posting a department event the way a department's system does (its HTTP API) and waiting for its alert."""
import asyncio
import json

import httpx

from tests.integration import events as ev
from tests.integration.test_end_to_end import as_bytes, pick


async def post_housing_grade_d(system, db, where: str = "true", *args) -> dict:
    """Post a grade-D housing survey (a red alert) for the head of a household no test used (and `where`,
    SQL on p = persons, h = households, $2... = `args`); returns the head's registry row."""
    row = await pick(db, f"p.relation = 'head' AND {where}", *args)
    event = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.post(system.url("housing", "/v1/events"), json=event,
                                 headers=system.department_headers("housing"))
    assert answer.status_code == 202, answer.text
    return row


async def wait_alert_row(db, household_id: str, timeout_s: float = 30) -> None:
    """Until the monitor has written the household's alert (monitor.alerts)."""
    for _ in range(int(timeout_s * 20)):
        if await db.fetchval("SELECT count(*) FROM monitor.alerts WHERE household_id = $1", household_id):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no alert for the posted household within {timeout_s} s")
