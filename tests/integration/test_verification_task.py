"""The cadres' verification visit (入户核实, DESIGN.md section 6) as a task: every raised alert opens
one for the township, due by the policy's enrolment deadline, listed in the household plan, never
sent to a department, and settled by the lifecycle moves of the operator API."""
from datetime import datetime, timedelta

import httpx

from services.monitor import verification
from services.monitor.records import Decoded, InboundRecord
from services.monitor.store import PgStore
from services.monitor.task_status import apply_task_status
from services.monitor.policy import load_policy
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import move, operator_name, plan
from tests.integration.events import TZ
from tests.integration.system import DEPARTMENTS
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from tests.unit import builders as b

POLICY = load_policy()


async def _raised(system, db, grade: str = "C") -> tuple[dict, dict, datetime]:
    row = await pick(db, "p.relation = 'head'")
    appraised = datetime.now(TZ).replace(microsecond=0) - timedelta(hours=1)
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), grade, when=appraised)))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    return row, alert, appraised


async def _task(db, alert_id: str):
    return await db.fetchrow("SELECT * FROM monitor.tasks WHERE task_id = $1", verification.task_id(alert_id))


async def test_a_raised_alert_opens_a_township_verification_task_due_by_the_enrolment_deadline(system, db):
    row, alert, appraised = await _raised(system, db)
    task = await _task(db, alert["alert_id"])
    assert POLICY.lifecycle.enrolment_deadline_days.value == 15
    due = appraised.date() + timedelta(days=15)
    assert (task["department"], task["task_type"], task["status"]) == ("township", "household_verification",
                                                                       "assigned")
    assert (task["alert_id"], task["household_id"], task["factor_code"]) == (alert["alert_id"], row["household_id"],
                                                                             None)
    assert task["due_date"] == due == await db.fetchval("SELECT verification_due FROM monitor.alerts "
                                                        "WHERE alert_id = $1", alert["alert_id"])
    assert task["assigned_at"] == appraised
    assert task["evidence_event_ids"] == alert["factors"][0]["evidence_event_ids"]

    async with httpx.AsyncClient(timeout=10) as http:
        measures = await plan(http, system, row["household_id"])
    assert [(m["department"], m["task_type"]) for m in measures] == [("township", "household_verification"),
                                                                     ("housing", "housing_renovation")]
    assert measures[0]["task_id"] == task["task_id"] and measures[0]["due_date"] == due.isoformat()

    # Departments get their own tasks on Kafka; the verification goes to none of them.
    await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"]))
    await system.wait_settled(db)
    sent = [(v.get("data") or {}).get("task_id")  # another test writes junk to a task topic on purpose
            for d in DEPARTMENTS for v in system.reader.values(topics.tasks_topic(d))]
    assert sent and task["task_id"] not in sent


async def test_the_cadres_visit_acknowledges_and_the_decision_completes_the_verification_task(system, db):
    row, alert, _ = await _raised(system, db)
    alert_id = alert["alert_id"]
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await move(http, system, alert_id, "verifying")).status_code == 200
        visited = await _task(db, alert_id)
        assert (visited["status"], visited["acknowledged_by"]) == ("acknowledged", operator_name(system))
        assert visited["acknowledged_at"] == await db.fetchval(
            "SELECT at FROM monitor.alert_transitions WHERE alert_id = $1 AND to_status = 'verifying'", alert_id)
        assert visited["task_id"] in [m["task_id"] for m in await plan(http, system, row["household_id"])]

        assert (await move(http, system, alert_id, "confirmed", category="marginal")).status_code == 200
        decided = await _task(db, alert_id)
        assert (decided["status"], decided["outcome"], decided["completed_by"]) == ("completed", "confirmed",
                                                                                    operator_name(system))
        assert decided["completed_at"] == await db.fetchval(
            "SELECT at FROM monitor.alert_transitions WHERE alert_id = $1 AND to_status = 'confirmed'", alert_id)
        assert decided["task_id"] not in [m["task_id"] for m in await plan(http, system, row["household_id"])]
        assert (await move(http, system, alert_id, "assisted")).status_code == 200
    assert (await _task(db, alert_id))["status"] == "completed"


async def test_dismissing_a_raised_alert_completes_its_verification_task_as_dismissed(system, db):
    _, alert, _ = await _raised(system, db)
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await move(http, system, alert["alert_id"], "dismissed")).status_code == 200
    task = await _task(db, alert["alert_id"])
    assert (task["status"], task["outcome"], task["acknowledged_at"]) == ("completed", "dismissed", None)


async def test_a_department_cannot_settle_a_verification_task(db, system):
    _, alert, _ = await _raised(system, db)
    task_id = verification.task_id(alert["alert_id"])
    now = datetime.now(TZ)
    forged = [Decoded(InboundRecord(topics.events_topic("housing"), 0, i, None, None), "township", event, None)
              for i, event in enumerate([b.task_acknowledged("township", task_id, now),
                                         b.task_completed("township", task_id, "resolved", now, "ev-forged")])]
    async with db.transaction():
        known = await apply_task_status(PgStore(db), forged, POLICY)
    assert known == set()
    assert (await _task(db, alert["alert_id"]))["status"] == "assigned"


async def test_a_worse_alert_supersedes_the_open_visit_of_the_earlier_one(system, db):
    row = await pick(db, "p.relation = 'head' AND h.income_per_capita_yuan > 12000")  # no income factor
    ended = datetime.now(TZ).replace(microsecond=0) - timedelta(hours=2)
    await publish(system, "civil_affairs", as_bytes(ev.allowance_ended(ev.person(row), when=ended)))  # yellow
    first = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    later = ended + timedelta(minutes=30)
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D", when=later)))  # red
    alerts = await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), count=2)
    second = next(a["data"] for a in alerts if a["data"]["alert_id"] != first["alert_id"])
    assert (first["level"], second["level"]) == ("yellow", "red")
    old, new = await _task(db, first["alert_id"]), await _task(db, second["alert_id"])
    assert (old["status"], old["outcome"], old["completed_by"]) == ("completed", "superseded", "monitor")
    assert old["completed_at"] == later
    assert new["status"] == "assigned"
    open_visits = await db.fetchval("SELECT count(*) FROM monitor.tasks WHERE household_id = $1 "
                                    "AND task_type = 'household_verification' AND status <> 'completed'",
                                    row["household_id"])
    assert open_visits == 1
