"""Events keep the registry current (issue 10 part 4), through the real broker and database: a
death published on civil_affairs.events.v1 marks the member deceased in monitor.persons and in his
household's timeline; a later hospital bill for him is held for review as about a deceased person,
a bill dated before his death still counts; a death dated in the future is dead-lettered; a
disability updates the member's health status and ability to work."""
import base64
import json
from datetime import timedelta
from decimal import Decimal

import httpx

from services.civil_affairs.contracts import (DeathRegistered, DeathRegisteredData, DisabilityRegistered,
                                              DisabilityRegisteredData)
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import eventually as _eventually
from tests.integration.cases import timeline
from tests.integration.events import NOW
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish

WORKER = "p.main_earner AND p.able_to_work AND h.members >= 2"
WAIT_S = 60  # the shared test machine can be slow: poll the database up to a minute


async def eventually(db, query: str, *args, expected=True):
    return await _eventually(db, query, *args, expected=expected, attempts=WAIT_S * 10)


def death(p, died_on, when):
    return ev._envelope(DeathRegistered, "civil_affairs", DeathRegisteredData(person=p, died_on=died_on), when)


def disability(p, grade: int, registered_on, when):
    return ev._envelope(DisabilityRegistered, "civil_affairs",
                        DisabilityRegisteredData(person=p, registered_on=registered_on, grade=grade), when)


def bill(p, burden: Decimal, admitted, discharged):
    event = ev.hospital_bill(p, burden, when=NOW)
    data = event.data.model_copy(update={"admission_date": admitted, "discharge_date": discharged})
    return event.model_copy(update={"data": data})


async def test_a_death_marks_the_member_deceased_holds_his_later_bill_and_counts_his_earlier_one(system, db):
    row = await pick(db, WORKER)
    hid, died = row["household_id"], NOW.date() - timedelta(days=20)
    dead = death(ev.person(row), died, NOW - timedelta(days=19))
    await publish(system, "civil_affairs", as_bytes(dead))
    assert await eventually(db, "SELECT deceased_on FROM monitor.persons WHERE resident_id = $1",
                            row["resident_id"], expected=died) == died
    person = await db.fetchrow("SELECT able_to_work, main_earner, able_to_work_before, main_earner_before "
                               "FROM monitor.persons WHERE resident_id = $1", row["resident_id"])
    assert dict(person) == {"able_to_work": False, "main_earner": False, "able_to_work_before": True,
                            "main_earner_before": True}
    [alert] = await system.reader.wait_for(topics.ALERTS, for_household(hid), timeout_s=WAIT_S)
    assert "worker_died" in [f["code"] for f in alert["data"]["factors"]]  # he was the main earner

    after = bill(ev.person(row), Decimal("100"), died + timedelta(days=3), died + timedelta(days=8))
    before = bill(ev.person(row), row["income_per_capita_yuan"] * row["members"] + Decimal("1"),
                  died - timedelta(days=30), died - timedelta(days=2))  # over the income of all members
    await publish(system, "health_insurance", as_bytes(after), as_bytes(before))
    [notice] = await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == after.id,
                                             timeout_s=WAIT_S)
    assert notice["data"]["reason"].startswith("person deceased") and row["resident_id"] not in json.dumps(notice)
    assert await eventually(db, "SELECT count(*) FROM monitor.household_events WHERE event_id = $1",
                            before.id, expected=1) == 1
    assert await eventually(db, "SELECT active FROM monitor.factors WHERE household_id = $1 "
                            "AND code = 'medical_burden_over_income'", hid) is True
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", after.id) == 0
    assert await db.fetchval("SELECT status FROM monitor.unmatched_events WHERE event_id = $1", after.id) == "open"

    async with httpx.AsyncClient(timeout=10) as http:
        entries = await timeline(http, system, hid)
    [change] = [e for e in entries if e["kind"] == "member_deceased"]
    assert change["id"] == dead.id and change["detail"]["effective_on"] == died.isoformat()
    assert change["detail"]["deceased_on"] == died.isoformat() and change["detail"]["able_to_work"] is False
    kinds = [(e["kind"], e["id"]) for e in entries]
    assert kinds.index(("event", dead.id)) < kinds.index(("member_deceased", dead.id))
    assert ("event", before.id) in kinds and ("event", after.id) not in kinds
    assert row["resident_id"] not in json.dumps(entries)


async def test_the_same_death_again_changes_nothing_and_one_in_the_future_is_dead_lettered(system, db):
    row = await pick(db, WORKER)
    died = NOW.date() - timedelta(days=5)
    first, again = death(ev.person(row), died, NOW - timedelta(days=4)), death(ev.person(row), died, NOW)
    future = death(ev.person(row), NOW.date() + timedelta(days=1), NOW)
    await publish(system, "civil_affairs", as_bytes(first))
    await eventually(db, "SELECT deceased_on FROM monitor.persons WHERE resident_id = $1", row["resident_id"],
                     expected=died)
    await publish(system, "civil_affairs", as_bytes(again), as_bytes(future))
    [letter] = await system.reader.wait_for(
        # Other tests' dead letters hold any bytes (cut, not JSON): look for this event's ID in them.
        topics.DEADLETTER, lambda v: future.id.encode() in base64.b64decode(v["data"]["original_value_base64"] or ""),
        timeout_s=WAIT_S)
    assert "in the future" in letter["data"]["reason"]
    assert await eventually(db, "SELECT outcome FROM monitor.processed_events WHERE event_id = $1", again.id,
                            expected="linked") == "linked"
    assert await db.fetchval("SELECT deceased_on FROM monitor.persons WHERE resident_id = $1",
                             row["resident_id"]) == died
    assert await db.fetchval("SELECT count(*) FROM monitor.member_changes WHERE resident_id = $1",
                             row["resident_id"]) == 1
    assert await db.fetchval("SELECT evidence_event_ids FROM monitor.factors WHERE household_id = $1 "
                             "AND code = 'worker_died'", row["household_id"]) == [first.id]


async def test_a_severe_disability_updates_health_status_and_ends_the_ability_to_work(system, db):
    row = await pick(db, "p.able_to_work AND NOT p.main_earner")
    event = disability(ev.person(row), 1, NOW.date() - timedelta(days=3), NOW - timedelta(days=2))
    await publish(system, "civil_affairs", as_bytes(event))
    assert await eventually(db, "SELECT disability_grade FROM monitor.persons WHERE resident_id = $1",
                            row["resident_id"], expected=1) == 1
    person = await db.fetchrow("SELECT health_status, able_to_work, deceased_on FROM monitor.persons "
                               "WHERE resident_id = $1", row["resident_id"])
    assert dict(person) == {"health_status": "disabled", "able_to_work": False, "deceased_on": None}
    assert await eventually(db, "SELECT active FROM monitor.factors WHERE household_id = $1 "
                            "AND code = 'worker_disabled'", row["household_id"]) is True
