"""The whole loop through the real broker and database: department event -> monitor ->
alert and task -> department -> status back to the monitor."""
import asyncio
import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from stdnum.cn import ric

from deploy.kafka_principals import read_passwords, write_client_files
from deploy.local.kafka_jars import console_command
from shared import topics
from shared.keys import person_key
from tests.integration import events as ev
from tests.integration.events import NOW
from shared.kafka_security import client_options

USED: set[str] = set()  # households already used by a test: each test gets its own


async def pick(db, where: str = "true", *args) -> dict:
    """A person of a household no test has used and no event has touched yet (tests that replay
    random traffic, such as the log scan, reach households they cannot list in USED)."""
    row = await db.fetchrow(
        "SELECT p.*, h.village_code, h.members, h.income_per_capita_yuan FROM monitor.persons p "
        f"JOIN monitor.households h USING (household_id) WHERE {where} AND NOT (p.household_id = ANY($1::text[])) "
        "AND NOT EXISTS (SELECT 1 FROM monitor.household_events e WHERE e.household_id = p.household_id) "
        "ORDER BY p.resident_id LIMIT 1", list(USED), *args)
    assert row is not None, f"no registry person matches {where}"
    USED.add(row["household_id"])
    return dict(row)


async def publish(system, department: str, *values: bytes, key: bytes = b"k") -> None:
    producer = AIOKafkaProducer(**client_options(system.bootstrap), enable_idempotence=True)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topics.events_topic(department), value=value, key=key)
    finally:
        await producer.stop()


def as_bytes(event) -> bytes:
    return event.model_dump_json().encode()


def for_household(household_id: str):
    """Alerts raised (not later escalations or follow-up reviews) and tasks about one household."""
    return lambda v: v.get("subject") == household_id and not v.get("type", "").endswith(
        ("alert_escalated.v1", "follow_up_flagged.v1"))


async def test_hospital_bill_above_annual_income_gives_one_red_alert_and_one_health_insurance_task(system, db):
    row = await pick(db)
    annual_income = row["income_per_capita_yuan"] * row["members"]
    await publish(system, "health_insurance", as_bytes(ev.hospital_bill(ev.person(row), annual_income + Decimal("1000"))))
    alerts = await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=10)
    tasks = await system.reader.wait_for(topics.tasks_topic("health_insurance"), for_household(row["household_id"]))
    await system.wait_settled(db)  # anything extra has arrived by now
    assert len([a for a in system.reader.values(topics.ALERTS) if for_household(row["household_id"])(a)]) == 1
    assert len([t for t in system.reader.values(topics.tasks_topic("health_insurance"))
                if for_household(row["household_id"])(t)]) == 1
    assert alerts[0]["data"]["level"] == "red"
    assert "medical_burden_over_income" in [f["code"] for f in alerts[0]["data"]["factors"]]
    assert tasks[0]["data"]["task_type"] == "medical_assistance"


async def test_dropout_of_a_twelve_year_old_gives_a_red_alert_and_an_education_task(system, db):
    row = await pick(db, "p.birth_date BETWEEN $2 AND $3", NOW.date().replace(year=NOW.year - 13),
                     NOW.date().replace(year=NOW.year - 12))
    assert ev.age_on(row["birth_date"], (NOW - __import__("datetime").timedelta(days=14)).date()) == 12
    await publish(system, "education", as_bytes(ev.dropout(ev.person(row))))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    task = (await system.reader.wait_for(topics.tasks_topic("education"), for_household(row["household_id"])))[0]
    assert alert["data"]["level"] == "red"
    assert "dropout" in [f["code"] for f in alert["data"]["factors"]]
    assert task["data"]["task_type"] == "return_to_school"


async def test_housing_grade_d_gives_a_red_alert_and_a_housing_task(system, db):
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D")))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    task = (await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"])))[0]
    assert alert["data"]["level"] == "red"
    assert task["data"]["task_type"] == "housing_renovation"
    assert alert["data"]["explanation_zh"] and alert["data"]["explanation_en"]


async def test_a_valid_id_not_in_the_registry_lands_on_unmatched(system, db):
    row = await pick(db)
    # Another person altogether (name, birth date, an ID issued in Beijing): nobody in the registry.
    first17 = "110101" + "19700101" + row["resident_id"][14:17]
    outsider = dict(row, resident_id=first17 + ric.calc_check_digit(first17 + "0"), name="外来务工人员甲",
                    birth_date=__import__("datetime").date(1970, 1, 1), village_code=None)
    event = ev.housing(ev.person(outsider), "C")
    await publish(system, "housing", as_bytes(event))
    found = await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    assert "not in the household registry" in found[0]["data"]["reason"]
    assert await db.fetchval("SELECT status FROM monitor.unmatched_events WHERE event_id = $1", event.id) == "open"


def outsider_of(row: dict, resident_id: str | None) -> dict:
    """Somebody else altogether (name, birth date, no village): nobody in the registry matches."""
    return dict(row, resident_id=resident_id, name="外来务工人员乙", birth_date=__import__("datetime").date(1970, 1, 1),
                village_code=None)


def with_wrong_check_character(resident_id: str) -> str:
    return resident_id[:-1] + ("0" if resident_id[-1] != "0" else "1")


async def test_not_json_and_a_bad_check_character_nobody_matches_go_to_dead_letter_and_the_next_good_event_is_processed(
        system, db):
    bad_row, good_row = await pick(db, "p.relation = 'head'"), await pick(db, "p.relation = 'head'")
    bad_id = ev.housing(ev.person(outsider_of(bad_row, with_wrong_check_character(bad_row["resident_id"]))), "D")
    good = ev.housing(ev.person(good_row), "D")
    garbage = b"\xff\xfenot json at all {"
    await publish(system, "housing", garbage, as_bytes(bad_id), as_bytes(good))
    dead = await system.reader.wait_for(
        topics.DEADLETTER, lambda v: v["data"]["original_value_base64"] in (
            __import__("base64").b64encode(garbage).decode(), __import__("base64").b64encode(as_bytes(bad_id)).decode()),
        count=2)
    reasons = sorted(d["data"]["reason"] for d in dead)
    assert any(r.startswith("not valid JSON") for r in reasons), reasons
    assert any("bad_check_character" in r and "no village_code to search" in r for r in reasons), reasons
    await system.reader.wait_for(topics.ALERTS, for_household(good_row["household_id"]))


@pytest.mark.parametrize("damage", ["wrong_check_character", "missing"])
async def test_an_unusable_id_of_a_registry_person_is_linked_by_name_birth_date_and_village(system, db, damage):
    row = await pick(db, "p.relation = 'head'")
    sent = with_wrong_check_character(row["resident_id"]) if damage == "wrong_check_character" else None
    event = ev.housing(ev.person(dict(row, resident_id=sent)), "D")
    await publish(system, "housing", as_bytes(event))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]
    link = alert["data"]["link"]
    assert link["method"] == "probabilistic"
    assert Decimal(link["score"]) > 0 and any(f.startswith("birth_date=") for f in link["compared_fields"])
    stored = await db.fetchrow("SELECT resident_id, link_method, link_score, link_fields "
                               "FROM monitor.household_events WHERE event_id = $1", event.id)
    assert (stored["resident_id"], stored["link_method"]) == (row["resident_id"], "probabilistic")
    assert stored["link_score"] == Decimal(link["score"])  # the link keeps its evidence, as the alert shows it
    assert json.loads(stored["link_fields"]) == link["compared_fields"]
    task = (await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"])))[0]
    assert task["data"]["person"]["resident_id"] == row["resident_id"]  # the registry's ID goes to the department


async def test_the_same_event_sent_twice_gives_one_alert(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(row), "C")
    await publish(system, "housing", as_bytes(event), as_bytes(event))
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    await publish(system, "housing", as_bytes(event))  # and once more in a later batch
    await system.wait_settled(db)
    assert len([a for a in system.reader.values(topics.ALERTS) if for_household(row["household_id"])(a)]) == 1
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", event.id) == 1


async def test_a_department_acknowledges_and_completes_a_task_over_http_and_the_monitor_records_it(system, db):
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D")))
    task = (await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"])))[0]
    task_id = task["data"]["task_id"]
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("housing")) as http:
        for _ in range(100):  # the department's subscriber stores the task moments after the monitor sends it
            listed = (await http.get(system.url("housing", "/v1/tasks"), params={"status": "open"})).json()
            if any(t["task_id"] == task_id for t in listed):
                break
            await asyncio.sleep(0.1)
        ack = await http.post(system.url("housing", f"/v1/tasks/{task_id}/acknowledge"),
                              json={"acknowledged_by": "staff-housing-01", "note": "visit planned"})
        assert ack.status_code == 200, ack.text
        done = await http.post(system.url("housing", f"/v1/tasks/{task_id}/complete"),
                               json={"completed_by": "staff-housing-01", "outcome": "resolved",
                                     "measures": ["危房改造补助"], "amount_yuan": "25000.00"})
        assert done.status_code == 200, done.text
        again = await http.post(system.url("housing", f"/v1/tasks/{task_id}/complete"),
                                json={"completed_by": "staff-housing-01", "outcome": "resolved"})
        assert again.status_code == 409
    for _ in range(100):
        status = await db.fetchrow("SELECT status, acknowledged_by, outcome, amount_yuan FROM monitor.tasks "
                                   "WHERE task_id = $1", task_id)
        if status["status"] == "completed":
            break
        await asyncio.sleep(0.1)
    assert dict(status) == {"status": "completed", "acknowledged_by": "staff-housing-01", "outcome": "resolved",
                            "amount_yuan": Decimal("25000.00")}


async def test_an_event_posted_over_http_is_processed_and_a_bad_one_is_refused_with_its_errors(system, db):
    row = await pick(db, "p.relation = 'head'")
    good = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    bad = dict(good, id="x-1", data=dict(good["data"], grade="E"))
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("housing")) as http:
        refused = await http.post(system.url("housing", "/v1/events"), json=[good, bad])
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["index"] == 1
        accepted = await http.post(system.url("housing", "/v1/events"), json=good)
        assert accepted.status_code == 202 and accepted.json() == {"accepted": [good["id"]]}
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))


def _console(*args: str, input_text: str | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(console_command(*args), input=input_text, capture_output=True, text=True, timeout=timeout)


def _login(tmp_path, who: str, option: str) -> list[str]:
    """The console tool's `option` (--producer.config / --consumer.config) with `who`'s client file, as an
    operator gets from the launcher; [] on a broker without authentication."""
    path = os.environ.get("KAFKA_CREDENTIALS_FILE")
    if not path:
        return []
    files = write_client_files(tmp_path, read_passwords(Path(path)), [who])
    return [option, str(files[who])]


async def test_kafkas_own_console_producer_and_consumer_interoperate_with_the_monitor(system, db, tmp_path):
    """A client we did not write sends no content-type header; the alert reads back as plain JSON. The
    producer logs in as the housing department, the consumer as the read-only operator in an operator group."""
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(row), "D")
    key = person_key(row["resident_id"], system.env["PARTITION_KEY_SECRET"]).decode()
    line = f"{key}\t{event.model_dump_json()}\n"
    produced = await asyncio.to_thread(_console, "producer", "--bootstrap-server", system.bootstrap, "--topic",
                                       topics.events_topic("housing"), "--property", "parse.key=true", "--sync",
                                       *_login(tmp_path, "housing", "--producer.config"), input_text=line)
    assert produced.returncode == 0, produced.stderr
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=20)
    consumed = await asyncio.to_thread(_console, "consumer", "--bootstrap-server", system.bootstrap, "--topic",
                                       topics.ALERTS, "--from-beginning", "--timeout-ms", "10000",
                                       "--group", topics.group("operator-console"),
                                       *_login(tmp_path, "operator", "--consumer.config"))
    alerts = [json.loads(line) for line in consumed.stdout.splitlines() if line.startswith("{")]
    mine = [a for a in alerts if for_household(row["household_id"])(a)]
    assert len(mine) == 1 and mine[0]["data"]["level"] == "red"
    assert mine[0]["type"] == "cn.kashgar.monitor.alert_raised.v1"




async def test_a_bad_record_on_a_task_topic_is_dead_lettered_and_the_department_keeps_receiving_tasks(system, db):
    producer = AIOKafkaProducer(**client_options(system.bootstrap))
    await producer.start()
    try:
        await producer.send_and_wait(topics.tasks_topic("civil_affairs"), value=b'{"not": "a task"}', key=b"x")
    finally:
        await producer.stop()
    dead = await system.reader.wait_for(
        topics.DEADLETTER, lambda v: v["data"]["source_topic"] == topics.tasks_topic("civil_affairs"))
    assert dead[0]["data"]["reason"].startswith("invalid task") and dead[0]["source"] == "/kashgar/civil_affairs"
    row = await pick(db)
    await publish(system, "civil_affairs", as_bytes(ev.allowance_ended(ev.person(row))))
    task = (await system.reader.wait_for(topics.tasks_topic("civil_affairs"), for_household(row["household_id"])))[0]
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("civil_affairs")) as http:
        for _ in range(100):
            listed = (await http.get(system.url("civil_affairs", "/v1/tasks"), params={"limit": 1000})).json()
            if any(t["task_id"] == task["data"]["task_id"] for t in listed):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the department did not store the task after the bad record")
