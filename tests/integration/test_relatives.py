"""A relative's resident ID on a department event, through the real broker and database (issue 15):
the event must not land on the ID's owner when the rest of the record is another member's."""
from decimal import Decimal

import httpx

from shared import topics
from tests.integration import events as ev
from tests.integration.test_case_lifecycle import operator_headers
from tests.integration.test_end_to_end import USED, as_bytes, for_household, pick, publish

SIBLING = ("EXISTS (SELECT 1 FROM monitor.persons q WHERE q.household_id = p.household_id "
           "AND q.relation = 'child' AND q.gender = p.gender AND q.resident_id <> p.resident_id "
           "AND q.birth_date <> p.birth_date)")


async def _member(db, household_id: str, where: str, *args) -> dict:
    row = await db.fetchrow("SELECT p.*, h.village_code FROM monitor.persons p JOIN monitor.households h "
                            f"USING (household_id) WHERE p.household_id = $1 AND {where} ORDER BY p.resident_id "
                            "LIMIT 1", household_id, *args)
    assert row is not None
    return dict(row)


async def _review_candidates(system, event_id: str) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as http:
        queue = (await http.get(system.url("monitor", "/v1/review"), params={"limit": 1000},
                                headers=operator_headers(system))).json()
    return [c["resident_id"] for c in next(q for q in queue if q["event_id"] == event_id)["candidates"]]


async def test_a_bill_for_one_brother_with_the_other_brothers_id_waits_for_review_with_both(system, db):
    brother = await pick(db, f"p.relation = 'child' AND {SIBLING}")
    owner = await _member(db, brother["household_id"], "p.relation = 'child' AND p.gender = $2 "
                          "AND p.resident_id <> $3 AND p.birth_date <> $4",
                          brother["gender"], brother["resident_id"], brother["birth_date"])
    bill = ev.hospital_bill(ev.person(dict(brother, resident_id=owner["resident_id"])), Decimal("90000"))
    await publish(system, "health_insurance", as_bytes(bill))

    held = (await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == bill.id))[0]
    assert ("id_relative" in held["data"]["reason"] or "id_contradicted" in held["data"]["reason"]), held
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", bill.id) == 0
    candidates = await _review_candidates(system, bill.id)
    assert {brother["resident_id"], owner["resident_id"]} <= set(candidates)
    assert not [a for a in system.reader.values(topics.ALERTS) if for_household(brother["household_id"])(a)]


async def test_the_heads_id_on_a_bill_that_is_in_every_other_field_his_daughters_goes_to_her(system, db):
    daughter = await pick(db, "p.relation = 'child' AND p.gender = 'F' AND EXISTS (SELECT 1 FROM monitor.persons "
                          "q WHERE q.household_id = p.household_id AND q.relation = 'head' AND q.gender = 'M')")
    head = await _member(db, daughter["household_id"], "p.relation = 'head'")
    row = await db.fetchrow("SELECT income_per_capita_yuan * members AS income FROM monitor.households "
                            "WHERE household_id = $1", daughter["household_id"])
    bill = ev.hospital_bill(ev.person(dict(daughter, resident_id=head["resident_id"])),
                            row["income"] + Decimal("1000"))
    await publish(system, "health_insurance", as_bytes(bill))

    alert = (await system.reader.wait_for(topics.ALERTS, for_household(daughter["household_id"])))[0]
    assert alert["data"]["link"]["method"] == "probabilistic"
    linked_to = await db.fetchval("SELECT resident_id FROM monitor.household_events WHERE event_id = $1", bill.id)
    assert linked_to == daughter["resident_id"] != head["resident_id"]
    USED.add(head["household_id"])
