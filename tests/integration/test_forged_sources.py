"""Defence in depth against a forged `source` (shared.sources), through the real broker and database:
the monitor dead-letters an event whose source is not the department that owns its topic, and a
task status for a task that is not the sending department's, leaving the task open; a department
dead-letters a task on its task topic without the monitor's source and keeps nothing of it; its
HTTP API refuses a source that is not strictly its own."""
import base64
import json
import uuid

import httpx
from aiokafka import AIOKafkaProducer

from shared import topics
from shared.contracts import monitor as m
from shared.sources import source_problem
from tests.integration import events as ev
from tests.integration.cases import eventually
from tests.integration.test_bad_input import _dead_for
from tests.integration.test_department_outage import task as a_task
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from shared.kafka_security import client_options


def _original(dead: dict) -> bytes:
    return base64.b64decode(dead["original_value_base64"])


def _refused_on(source: str, department: str) -> str:
    """The monitor's reason (services/monitor/decode.py)."""
    return f"{source_problem(source, department)}: refused on {topics.events_topic(department)}, {department}'s topic"


async def test_a_housing_event_claiming_another_departments_source_is_dead_lettered_and_not_applied(system, db):
    row = await pick(db, "p.relation = 'head'")
    forged = [ev.housing(ev.person(row), "D").model_copy(update={"source": source})
              for source in ("/kashgar/health_insurance/hospital-1", "/kashgar/housing/../health_insurance",
                             "/kashgar/housing-evil", "/Kashgar/housing")]
    values = [as_bytes(e) for e in forged]
    await publish(system, "housing", *values)
    dead = await _dead_for(system, lambda d: _original(d) in values, timeout_s=30, count=len(values))
    assert sorted(d["data"]["reason"] for d in dead[:4]) == sorted(_refused_on(e.source, "housing") for e in forged)
    assert {d["data"]["source_topic"] for d in dead} == {topics.events_topic("housing")}
    assert await db.fetchval("SELECT count(*) FROM monitor.dead_letters WHERE reason = $1",
                             _refused_on(forged[0].source, "housing")) >= 1  # kept for the operators too
    # the genuine appraisal after them is applied; none of the forged ones was
    genuine = ev.housing(ev.person(row), "D")
    await publish(system, "housing", as_bytes(genuine))
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=20)
    assert [r["event_id"] for r in await db.fetch("SELECT event_id FROM monitor.household_events "
                                                  "WHERE household_id = $1", row["household_id"])] == [genuine.id]


def _completion(task_id: str, department: str, source: str) -> bytes:
    event = m.TaskCompleted(id=str(uuid.uuid4()), source=source, type="cn.kashgar.assistance_task.completed.v1",
                            time=ev.NOW, data=m.TaskCompletedData(task_id=task_id, department=department,
                                                                  completed_by="staff-1", outcome="resolved"))
    return as_bytes(event)


async def test_a_completion_from_another_department_than_the_tasks_is_dead_lettered_and_the_task_stays_open(
        system, db):
    """Health insurance's task; its completion claimed by education, on either topic."""
    row = await pick(db)
    hid = row["household_id"]
    burden = row["income_per_capita_yuan"] * row["members"] + 1000
    await publish(system, "health_insurance", as_bytes(ev.hospital_bill(ev.person(row), burden)))
    task_id = (await system.reader.wait_for(topics.tasks_topic("health_insurance"), for_household(hid)))[0][
        "data"]["task_id"]
    assert await eventually(db, "SELECT count(*) FROM health_insurance.tasks WHERE task_id = $1", task_id,
                            expected=1) == 1
    on_insurance = _completion(task_id, "health_insurance", "/kashgar/education")  # the observed forgery
    on_education = _completion(task_id, "education", "/kashgar/education")
    await publish(system, "health_insurance", on_insurance)
    await publish(system, "education", on_education)
    dead = {_original(d["data"]): d["data"]["reason"] for d in await _dead_for(
        system, lambda d: _original(d) in (on_insurance, on_education), timeout_s=30, count=2)}
    assert dead[on_insurance] == _refused_on("/kashgar/education", "health_insurance")
    assert dead[on_education] == f"no task {task_id} assigned to education"
    assert await db.fetchval("SELECT status FROM monitor.tasks WHERE task_id = $1", task_id) == "assigned"
    assert await db.fetchval("SELECT status FROM health_insurance.tasks WHERE task_id = $1", task_id) == "open"
    assert await db.fetchval("SELECT active FROM monitor.factors WHERE household_id = $1 "
                             "AND code = 'medical_burden_over_income'", hid) is True
    assert await db.fetchval("SELECT count(*) FROM monitor.assessments WHERE household_id = $1", hid) == 0


async def test_a_task_planted_on_a_departments_task_topic_without_the_monitors_source_is_refused_not_kept(
        system, db):
    planted = [a_task().model_copy(update={"source": source})
               for source in ("/kashgar/education", "/kashgar/monitor/../housing", "/kashgar/monitor-evil")]
    values = [p.model_dump_json().encode() for p in planted]
    producer = AIOKafkaProducer(**client_options(system.bootstrap), enable_idempotence=True)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topics.tasks_topic("housing"), value=value, key=b"k")
    finally:
        await producer.stop()
    dead = {_original(d["data"]): d for d in await system.reader.wait_for(
        topics.DEADLETTER, lambda v: _original(v["data"]) in values, count=3, timeout_s=30)}
    for p, value in zip(planted, values):
        assert dead[value]["source"] == "/kashgar/housing"
        assert dead[value]["data"]["source_topic"] == topics.tasks_topic("housing")
        assert dead[value]["data"]["reason"] == f"task not from the monitor: {source_problem(p.source, 'monitor')}"
    assert await db.fetchval("SELECT count(*) FROM housing.tasks WHERE task_id = ANY($1::text[])",
                             [p.data.task_id for p in planted]) == 0


async def test_the_department_api_refuses_a_source_that_is_not_strictly_its_own(system, db):
    row = await pick(db, "p.relation = 'head'")
    hostile = ["/kashgar/housing/../health_insurance", "/kashgar/housing/%2e%2e/health_insurance",
               "/kashgar/housing//x", "/kashgar/housingX", "/kashgar/housing-evil", "/kashgar/HOUSING",
               "/kashgar/housіng", "/kashgar/housing/", "/kashgar/housing?x"]
    body = [{**json.loads(as_bytes(ev.housing(ev.person(row), "D"))), "source": s} for s in hostile]
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("housing")) as http:
        answer = await http.post(system.url("housing", "/v1/events"), json=body)
        fine = await http.post(system.url("housing", "/v1/events"), json={**body[0], "id": str(uuid.uuid4()),
                                                                          "source": "/kashgar/housing/county-1"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["index"] for e in errors] == list(range(len(hostile)))
    assert [(e["errors"][0]["loc"], e["errors"][0]["msg"]) for e in errors] == [
        (["source"], f"{source_problem(s, 'housing')}: this service sends only housing's events") for s in hostile]
    assert await db.fetchval("SELECT count(*) FROM housing.outbox WHERE position(convert_to($1, 'UTF8') in value) > 0",
                             body[0]["id"]) == 0
    assert fine.status_code == 202
