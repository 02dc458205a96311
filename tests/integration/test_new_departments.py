"""The two departments added as one folder plus policy entries, through the real broker and
database: water resources (饮水安全) and emergency management (自然灾害、突发事件). Their events
raise alerts, their tasks go back to them and are worked over their own HTTP API, and the
contrary event clears the factor, with no code of theirs in the monitor."""
import asyncio
import json
from datetime import timedelta
from decimal import Decimal

import httpx

from shared import topics
from tests.integration import events as ev
from tests.integration import new_department_events as nd
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish


async def factor_state(db, household_id: str, code: str, timeout_s: float = 15):
    """The factor row once it exists, or None."""
    for _ in range(int(timeout_s * 10)):
        row = await db.fetchrow("SELECT active, amount_yuan, level, risk_type FROM monitor.factors "
                                "WHERE household_id = $1 AND code = $2", household_id, code)
        if row is not None:
            return row
        await asyncio.sleep(0.1)
    return None


async def until_cleared(db, household_id: str, code: str, timeout_s: float = 15) -> bool:
    for _ in range(int(timeout_s * 10)):
        if (await factor_state(db, household_id, code))["active"] is False:
            return True
        await asyncio.sleep(0.1)
    return False


async def work_the_task(system, department: str, task_id: str) -> None:
    """The department's staff find the task in their own service, acknowledge and complete it."""
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers(department)) as http:
        for _ in range(100):  # the department's subscriber stores the task moments after the monitor sends it
            listed = (await http.get(system.url(department, "/v1/tasks"), params={"status": "open"})).json()
            if any(t["task_id"] == task_id for t in listed):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"{department} never listed task {task_id}")
        ack = await http.post(system.url(department, f"/v1/tasks/{task_id}/acknowledge"),
                              json={"acknowledged_by": f"staff-{department}-01"})
        assert ack.status_code == 200, ack.text
        done = await http.post(system.url(department, f"/v1/tasks/{task_id}/complete"),
                               json={"completed_by": f"staff-{department}-01", "outcome": "resolved",
                                     "measures": ["已处置"]})
        assert done.status_code == 200, done.text


async def task_status(db, task_id: str, want: str, timeout_s: float = 15) -> str:
    status = None
    for _ in range(int(timeout_s * 10)):
        status = await db.fetchval("SELECT status FROM monitor.tasks WHERE task_id = $1", task_id)
        if status == want:
            break
        await asyncio.sleep(0.1)
    return status


async def test_failed_water_posted_to_water_resources_gives_a_red_alert_and_a_task_it_completes(system, db):
    row = await pick(db, "p.relation = 'head'")
    failed = json.loads(as_bytes(nd.water_tested(ev.person(row), "failed")))
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("water_resources")) as http:
        accepted = await http.post(system.url("water_resources", "/v1/events"), json=failed)
        assert accepted.status_code == 202, accepted.text
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    task = (await system.reader.wait_for(topics.tasks_topic("water_resources"), for_household(row["household_id"])))[0]
    assert alert["data"]["level"] == "red"
    water = [f for f in alert["data"]["factors"] if f["code"] == "unsafe_drinking_water"]
    assert water and water[0]["risk_type"] == "unsafe_water"
    assert "饮用水水质检测不合格" in alert["data"]["explanation_zh"]
    assert task["data"]["task_type"] == "water_quality_remediation"
    await work_the_task(system, "water_resources", task["data"]["task_id"])
    assert await task_status(db, task["data"]["task_id"], "completed") == "completed"


async def test_a_water_test_that_passes_clears_the_unsafe_water_factor(system, db):
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "water_resources", as_bytes(nd.water_tested(ev.person(row), "failed")))
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    assert (await factor_state(db, row["household_id"], "unsafe_drinking_water"))["active"] is True
    later = ev.NOW + timedelta(days=5)
    await publish(system, "water_resources", as_bytes(nd.water_tested(ev.person(row), "passed", when=later)))
    assert await until_cleared(db, row["household_id"], "unsafe_drinking_water")


async def test_an_interrupted_supply_gives_an_orange_alert_and_its_restoration_clears_it(system, db):
    row = await pick(db, "p.relation = 'head' AND h.income_per_capita_yuan >= 9000")  # no income factor besides
    await publish(system, "water_resources", as_bytes(nd.supply_interrupted(ev.person(row), "GS0001")))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    task = (await system.reader.wait_for(topics.tasks_topic("water_resources"), for_household(row["household_id"])))[0]
    assert alert["data"]["level"] == "orange"
    assert [f["code"] for f in alert["data"]["factors"]] == ["water_supply_interrupted"]
    assert task["data"]["task_type"] == "water_supply_restoration"
    restored = nd.supply_restored(ev.person(row), "GS0001", when=ev.NOW + timedelta(days=2))
    await publish(system, "water_resources", as_bytes(restored))
    assert await until_cleared(db, row["household_id"], "water_supply_interrupted")


async def test_an_assessed_disaster_loss_gives_an_alert_with_its_amount_and_an_emergency_management_task(system, db):
    row = await pick(db, "p.relation = 'head' AND h.income_per_capita_yuan >= 9000")
    loss = Decimal("48250.50")
    assessed = nd.disaster_loss(ev.person(row), loss)
    await publish(system, "emergency_management", as_bytes(assessed))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    task = (await system.reader.wait_for(topics.tasks_topic("emergency_management"),
                                         for_household(row["household_id"])))[0]
    disaster = [f for f in alert["data"]["factors"] if f["code"] == "disaster_loss"]
    assert disaster and disaster[0]["risk_type"] == "natural_disaster" and Decimal(disaster[0]["amount_yuan"]) == loss
    assert alert["data"]["level"] == "yellow"
    assert task["data"]["task_type"] == "disaster_relief"
    stored = await factor_state(db, row["household_id"], "disaster_loss")
    assert stored["amount_yuan"] == loss and stored["level"] == "yellow"
    await work_the_task(system, "emergency_management", task["data"]["task_id"])
    assert await task_status(db, task["data"]["task_id"], "completed") == "completed"


async def test_relief_delivered_clears_the_disaster_loss(system, db):
    row = await pick(db, "p.relation = 'head'")
    assessed = nd.disaster_loss(ev.person(row), Decimal("1200.00"))
    await publish(system, "emergency_management", as_bytes(assessed))
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    relief = nd.relief_delivered(ev.person(row), assessed.data.assessment_id, when=ev.NOW + timedelta(days=9))
    await publish(system, "emergency_management", as_bytes(relief))
    assert await until_cleared(db, row["household_id"], "disaster_loss")


async def test_a_bad_disaster_report_is_refused_by_its_service_with_the_reason(system, db):
    row = await pick(db, "p.relation = 'head'")
    good = json.loads(as_bytes(nd.disaster_loss(ev.person(row), Decimal("800.00"))))
    negative = dict(good, id="em-bad-1", data=dict(good["data"], loss_yuan="-5.00"))
    backwards = dict(good, id="em-bad-2", data=dict(good["data"], assessed_on="2026-10-01", occurred_on="2026-10-12"))
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("emergency_management")) as http:
        for bad in (negative, backwards):
            refused = await http.post(system.url("emergency_management", "/v1/events"), json=[bad])
            assert refused.status_code == 422, refused.text
