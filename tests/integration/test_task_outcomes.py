"""A department's completed task changes the factor it answers and the household is re-assessed
(DESIGN.md section 5): a partial result lowers the factor one colour (policy task_outcomes)."""
from datetime import datetime, timedelta
from decimal import Decimal

import httpx

from shared import topics
from tests.integration import events as ev
from tests.integration.cases import complete_task, eventually, operator_headers, timeline
from tests.integration.events import TZ
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish

MAIN_EARNER = ("p.main_earner AND h.income_per_capita_yuan >= 12000 AND (SELECT count(*) FROM monitor.persons q "
               "WHERE q.household_id = p.household_id AND q.able_to_work) >= 1")


async def _main_earner_lost_a_job(system, db, days_ago: int) -> tuple[dict, str, datetime, dict]:
    """(registry row, household ID, time of the loss, the orange alert it raised)."""
    row = await pick(db, MAIN_EARNER)
    hid = row["household_id"]
    lost_on = datetime.now(TZ).replace(microsecond=0) - timedelta(days=days_ago)
    # A small lost wage keeps per-capita income above the line: the job loss is the only factor (orange).
    await publish(system, "employment", as_bytes(ev.job_lost(ev.person(row), Decimal("1000"), when=lost_on)))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(hid)))[0]["data"]
    assert alert["level"] == "orange" and [f["code"] for f in alert["factors"]] == ["main_earner_job_lost"]
    return row, hid, lost_on, alert


async def test_a_partially_resolved_task_lowers_its_factor_and_the_alert_shows_the_new_assessment(system, db):
    row, hid, _, alert = await _main_earner_lost_a_job(system, db, days_ago=2)
    task = (await system.reader.wait_for(topics.tasks_topic("employment"), for_household(hid)))[0]["data"]

    async with httpx.AsyncClient(timeout=10) as http:
        done = await complete_task(http, system, "employment", task["task_id"], "partially_resolved",
                                   measures=["职业技能培训"], amount_yuan="1500.00")
        assert done.status_code == 200, done.text
        assert await eventually(db, "SELECT level FROM monitor.factors WHERE household_id = $1 "
                                    "AND code = 'main_earner_job_lost'", hid, expected="yellow") == "yellow"
        listed = (await http.get(system.url("monitor", "/v1/alerts"), headers=operator_headers(system),
                                 params={"county": alert["county_code"], "limit": 1000})).json()
        entries = await timeline(http, system, hid)

    factor = await db.fetchrow("SELECT * FROM monitor.factors WHERE household_id = $1 AND code = "
                               "'main_earner_job_lost'", hid)
    completion = await db.fetchrow("SELECT completion_event_id, completed_at, amount_yuan FROM monitor.tasks "
                                   "WHERE task_id = $1", task["task_id"])
    assert factor["active"] and factor["changed_at"] == completion["completed_at"]
    assert list(factor["evidence_event_ids"])[-1] == completion["completion_event_id"]
    assert completion["amount_yuan"] == Decimal("1500.00")
    # The alert keeps the colour it was raised with and shows the household's colour now.
    (shown,) = [a for a in listed if a["alert_id"] == alert["alert_id"]]
    assert (shown["level"], shown["current_level"]) == ("orange", "yellow")
    (assessment,) = [t for t in entries if t["kind"] == "assessment"]
    assert assessment["detail"]["level"] == "yellow" and assessment["detail"]["task_id"] == task["task_id"]
    assert [(f["code"], f["level"]) for f in assessment["detail"]["factors"]] == [("main_earner_job_lost", "yellow")]
    assert assessment["evidence_event_ids"] == [completion["completion_event_id"]]
    assert datetime.fromisoformat(assessment["at"]) == completion["completed_at"]

    # The same risk again, after the completion: the factor is back at its policy colour, worse than
    # the household is now, so a new alert is raised.
    await publish(system, "employment", as_bytes(ev.job_lost(ev.person(row), Decimal("1000"), when=datetime.now(TZ))))
    alerts = await system.reader.wait_for(topics.ALERTS, for_household(hid), count=2)
    assert [a["data"]["level"] for a in alerts] == ["orange", "orange"]
    assert await db.fetchval("SELECT level FROM monitor.factors WHERE household_id = $1 "
                             "AND code = 'main_earner_job_lost'", hid) == "orange"


async def test_a_task_completed_as_not_resolved_leaves_its_factor_as_it_was(system, db):
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D", when=datetime.now(TZ)
                                                         - timedelta(hours=1))))
    task = (await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"])))[0]
    async with httpx.AsyncClient(timeout=10) as http:
        done = await complete_task(http, system, "housing", task["data"]["task_id"], "not_resolved")
        assert done.status_code == 200, done.text
    assert await eventually(db, "SELECT status FROM monitor.tasks WHERE task_id = $1", task["data"]["task_id"],
                            expected="completed") == "completed"
    factor = await db.fetchrow("SELECT level, active FROM monitor.factors WHERE household_id = $1 "
                               "AND code = 'unsafe_housing'", row["household_id"])
    assert dict(factor) == {"level": "red", "active": True}
    assert await db.fetchval("SELECT count(*) FROM monitor.assessments WHERE household_id = $1",
                             row["household_id"]) == 0


async def test_an_event_that_lowers_an_open_cases_level_is_recorded_so_a_new_loss_alerts_again(system, db):
    row, hid, lost_on, first = await _main_earner_lost_a_job(system, db, days_ago=3)
    started = ev.job_started(ev.person(row), Decimal("2500"), when=lost_on + timedelta(days=1))
    await publish(system, "employment", as_bytes(started))
    assert await eventually(db, "SELECT current_level FROM monitor.alerts WHERE alert_id = $1", first["alert_id"],
                            expected="green") == "green"
    async with httpx.AsyncClient(timeout=10) as http:
        entries = await timeline(http, system, hid)
    (assessment,) = [t for t in entries if t["kind"] == "assessment"]
    assert assessment["detail"]["cause"] == "event" and assessment["detail"]["cause_id"] == started.id
    assert assessment["detail"]["level"] == "green" and assessment["detail"]["task_id"] is None

    await publish(system, "employment", as_bytes(ev.job_lost(ev.person(row), Decimal("1000"),
                                                             when=lost_on + timedelta(days=2))))
    alerts = await system.reader.wait_for(topics.ALERTS, for_household(hid), count=2)
    assert [a["data"]["level"] for a in alerts] == ["orange", "orange"]
