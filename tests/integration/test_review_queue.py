"""The review queue: an unmatched event linked by an operator has its effect applied once."""
from datetime import date

import httpx
from stdnum.cn import ric

from shared import topics
from tests.integration import events as ev
from tests.integration.test_case_lifecycle import operator_headers
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish


def _outsider(row: dict) -> dict:
    """A record the matcher cannot place: Beijing-issued ID, another name and birth date."""
    first17 = "110101" + "19700101" + row["resident_id"][14:17]
    return dict(row, resident_id=first17 + ric.calc_check_digit(first17 + "0"), name="外来务工人员乙",
                birth_date=date(1970, 1, 1), village_code=None)


async def test_an_operator_links_an_unmatched_event_and_its_effect_is_applied_exactly_once(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(_outsider(row)), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    url = system.url("monitor", "/v1/review")
    async with httpx.AsyncClient(timeout=10) as http:
        queue = (await http.get(url, params={"limit": 1000}, headers=operator_headers(system))).json()
        assert event.id in [q["event_id"] for q in queue]
        body = {"resident_id": row["resident_id"], "reason": "region code typed wrong; name and birth date agree"}
        first = await http.post(f"{url}/{event.id}/accept", json=body, headers=operator_headers(system))
        again = await http.post(f"{url}/{event.id}/accept", json=body, headers=operator_headers(system))
    assert first.status_code == 200 and first.json()["alerts"] == 1 and first.json()["tasks"] == 1, first.text
    assert again.status_code == 409
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    assert alert["link"]["method"] == "manual"
    assert alert["link"]["compared_fields"] == ["operator_review"]
    task = (await system.reader.wait_for(topics.tasks_topic("housing"), for_household(row["household_id"])))[0]
    assert task["data"]["person"]["resident_id"] == row["resident_id"]
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1 "
                             "AND link_method = 'manual'", event.id) == 1
    assert await db.fetchval("SELECT decided_by FROM monitor.unmatched_events WHERE event_id = $1", event.id) \
        == system.env["OPERATOR_TOKENS"].split(":")[0]


async def test_a_rejected_held_event_changes_nothing(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(_outsider(row)), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    async with httpx.AsyncClient(timeout=10) as http:
        rejected = await http.post(system.url("monitor", f"/v1/review/{event.id}/reject"),
                                   json={"reason": "not a resident of Kashgar"}, headers=operator_headers(system))
    assert rejected.status_code == 200
    assert await db.fetchval("SELECT count(*) FROM monitor.alerts WHERE household_id = $1", row["household_id"]) == 0


async def test_a_registry_id_on_somebody_else_entirely_is_held_for_review_not_linked(system, db):
    """A relative's or a stranger's ID typed on the bill: linking it would alarm the wrong household."""
    row = await pick(db, "p.relation = 'head'")
    stranger = dict(_outsider(row), resident_id=row["resident_id"], gender="F" if row["gender"] == "M" else "M")
    event = ev.housing(ev.person(stranger), "D")
    await publish(system, "housing", as_bytes(event))
    held = (await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id))[0]
    assert "id_contradicted" in held["data"]["reason"]
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", event.id) == 0
    async with httpx.AsyncClient(timeout=10) as http:
        queue = (await http.get(system.url("monitor", "/v1/review"), params={"limit": 1000},
                                headers=operator_headers(system))).json()
    candidates = next(q for q in queue if q["event_id"] == event.id)["candidates"]
    assert candidates[0]["resident_id"] == row["resident_id"]
