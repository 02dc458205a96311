"""Through the real broker and database: two departments that happen to use one event ID each get
their event processed, with an effect each and no dead letter (CloudEvents 1.0: source + id
identify an event, an id is unique only within its source; services/monitor/dedup.py, migration 014)."""
import base64
from decimal import Decimal

import httpx

from services.monitor.dedup import source_key
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import eventually
from tests.integration.test_case_lifecycle import operator_headers
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from tests.integration.test_review_queue import _outsider


async def test_two_departments_events_with_one_id_both_take_effect(system, db):
    sick, unsafe = await pick(db, "p.relation = 'head'"), await pick(db, "p.relation = 'head'")
    bill = ev.hospital_bill(ev.person(sick), Decimal("150000"))
    appraisal = ev.housing(ev.person(unsafe), "D").model_copy(update={"id": bill.id})
    await publish(system, "health_insurance", as_bytes(bill))
    await publish(system, "housing", as_bytes(appraisal))
    for row in (sick, unsafe):
        await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    assert await eventually(db, "SELECT count(*) FROM monitor.processed_events WHERE event_id = $1 "
                            "AND outcome = 'linked'", bill.id, expected=2) == 2
    kept = await db.fetch("SELECT source, household_id FROM monitor.household_events WHERE event_id = $1", bill.id)
    assert {(r["source"], r["household_id"]) for r in kept} == {
        (source_key(bill.source), sick["household_id"]), (source_key(appraisal.source), unsafe["household_id"])}
    assert not [d for d in system.reader.values(topics.DEADLETTER)  # other tests' poison is not JSON
                if bill.id.encode() in base64.b64decode(d["data"].get("original_value_base64") or "")]


async def test_two_departments_held_events_with_one_id_are_decided_one_at_a_time(system, db):
    """The review queue names a held event by its ID: with two sources' events held under one ID, a
    decision settles one of them (the open one, oldest first), never both."""
    row = await pick(db, "p.relation = 'head'")
    housing = ev.housing(ev.person(_outsider(row)), "D")
    job = ev.job_lost(ev.person(_outsider(row))).model_copy(update={"id": housing.id})
    await publish(system, "housing", as_bytes(housing))
    await publish(system, "employment", as_bytes(job))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == housing.id, count=2)
    url = system.url("monitor", f"/v1/review/{housing.id}/reject")
    async with httpx.AsyncClient(timeout=10) as http:
        first = await http.post(url, json={"reason": "not a resident"}, headers=operator_headers(system))
        states = sorted(r["status"] for r in await db.fetch(
            "SELECT status FROM monitor.unmatched_events WHERE event_id = $1", housing.id))
        second = await http.post(url, json={"reason": "not a resident"}, headers=operator_headers(system))
        third = await http.post(url, json={"reason": "not a resident"}, headers=operator_headers(system))
    assert (first.status_code, states, second.status_code, third.status_code) == (200, ["open", "rejected"], 200, 409)
