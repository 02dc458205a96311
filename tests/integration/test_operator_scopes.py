"""A county's office sees and acts on only its households (issue 13): the operator API of the real
monitor, started with a county-scoped operator (OPERATOR_SCOPES, tests/integration/fixtures.py), lists
only his county's alerts and answers 404, as if absent, for another county's household and alert."""
import uuid

import httpx

from shared import topics
from tests.integration import events as ev
from tests.integration.cases import (SCOPED_COUNTY, SCOPED_OPERATOR, VIEWER, operator_headers, scoped_headers,
                                     viewer_headers)
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from tests.integration.test_review_queue import _outsider

OTHER_COUNTY = "653121"  # 疏附县


async def red_alert_in(system, db, county: str) -> tuple[str, str]:
    """(household ID, alert ID) of a grade-D housing alert for a fresh household of `county`."""
    row = await pick(db, "p.relation = 'head' AND h.county_code = $2", county)
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D")))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    return row["household_id"], alert["alert_id"]


async def test_a_county_scoped_operator_sees_and_acts_on_only_his_county(system, db):
    own_household, own_alert = await red_alert_in(system, db, SCOPED_COUNTY)
    other_household, other_alert = await red_alert_in(system, db, OTHER_COUNTY)
    scoped, wide = scoped_headers(system), operator_headers(system)
    alerts, households = system.url("monitor", "/v1/alerts"), system.url("monitor", "/v1/households")
    async with httpx.AsyncClient(timeout=10) as http:
        listed = (await http.get(alerts, params={"limit": 1000}, headers=scoped)).json()
        assert listed and {a["county_code"] for a in listed} == {SCOPED_COUNTY}
        assert own_alert in {a["alert_id"] for a in listed} and other_alert not in {a["alert_id"] for a in listed}
        asked_other = await http.get(alerts, params={"county": OTHER_COUNTY}, headers=scoped)
        assert asked_other.status_code == 200 and asked_other.json() == []
        wide_other = (await http.get(alerts, params={"county": OTHER_COUNTY, "limit": 1000}, headers=wide)).json()
        assert other_alert in {a["alert_id"] for a in wide_other}  # it exists: only the scope hides it

        for what in ("timeline", "plan"):
            assert (await http.get(f"{households}/{own_household}/{what}", headers=scoped)).status_code == 200
            hidden = await http.get(f"{households}/{other_household}/{what}", headers=scoped)
            assert hidden.status_code == 404 and hidden.json()["detail"] == "no such household"
            assert (await http.get(f"{households}/{other_household}/{what}", headers=wide)).status_code == 200

        refused = await http.post(f"{alerts}/{other_alert}/transitions", headers=scoped,
                                  json={"to": "verifying", "reason": "入户核实"})
        assert refused.status_code == 404 and refused.json()["detail"] == "no such alert"
        moved = await http.post(f"{alerts}/{own_alert}/transitions", headers=scoped,
                                json={"to": "verifying", "reason": "入户核实"})
        assert moved.status_code == 200, moved.text

    assert await db.fetchval("SELECT status FROM monitor.alerts WHERE alert_id = $1", other_alert) == "raised"
    assert await db.fetchval("SELECT count(*) FROM monitor.alert_transitions WHERE alert_id = $1", other_alert) == 0
    assert await db.fetchval("SELECT actor FROM monitor.alert_transitions WHERE alert_id = $1", own_alert) == SCOPED_OPERATOR


async def _held_for(system, db, county: str) -> tuple[dict, str]:
    """(registry head of `county`, event ID) of an event held for review with that head as candidate:
    his resident ID on a record whose name, gender and birth date point to someone else."""
    row = await pick(db, "p.relation = 'head' AND h.county_code = $2", county)
    stranger = dict(_outsider(row), resident_id=row["resident_id"], gender="F" if row["gender"] == "M" else "M")
    event = ev.housing(ev.person(stranger), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    return row, event.id


async def test_a_county_scoped_operator_reviews_only_his_countys_candidates(system, db):
    own_row, own_event = await _held_for(system, db, SCOPED_COUNTY)
    other_row, other_event = await _held_for(system, db, OTHER_COUNTY)
    scoped, wide = scoped_headers(system), operator_headers(system)
    review = system.url("monitor", "/v1/review")
    async with httpx.AsyncClient(timeout=10) as http:
        seen = {q["event_id"]: q for q in (await http.get(review, params={"limit": 1000}, headers=scoped)).json()}
        assert own_event in seen and other_event not in seen
        assert {c["household_id"][:6] for q in seen.values() for c in q["candidates"]} == {SCOPED_COUNTY}
        everyone = {q["event_id"] for q in (await http.get(review, params={"limit": 1000}, headers=wide)).json()}
        assert {own_event, other_event} <= everyone  # held for both: only the scope hides one

        reason = {"reason": "checked with the township"}
        to_other_person = await http.post(f"{review}/{own_event}/accept", headers=scoped,
                                          json={"resident_id": other_row["resident_id"], **reason})
        assert to_other_person.status_code == 404, to_other_person.text
        other_rejected = await http.post(f"{review}/{other_event}/reject", headers=scoped, json=reason)
        assert other_rejected.status_code == 404, other_rejected.text
        assert await db.fetchval("SELECT status FROM monitor.unmatched_events WHERE event_id = $1",
                                 other_event) == "open"
        own_rejected = await http.post(f"{review}/{own_event}/reject", headers=scoped, json=reason)
        assert own_rejected.status_code == 200, own_rejected.text
    assert await db.fetchval("SELECT decided_by FROM monitor.unmatched_events WHERE event_id = $1",
                             own_event) == SCOPED_OPERATOR


async def test_a_viewer_reads_but_every_action_is_refused_with_the_reason(system, db):
    """OPERATOR_ROLES (issue 11): a viewer lists alerts and opens households; moving a case, deciding a
    held event and entering a self-report answer 403 naming his role, and the case did not move."""
    household, alert = await red_alert_in(system, db, OTHER_COUNTY)
    row = await pick(db, "p.relation = 'head'")
    viewer = viewer_headers(system)
    refused = f"operator {VIEWER} is a viewer; this needs a case_officer (OPERATOR_ROLES)"
    async with httpx.AsyncClient(timeout=10) as http:
        listed = await http.get(system.url("monitor", "/v1/alerts"), params={"limit": 1000}, headers=viewer)
        assert listed.status_code == 200 and alert in {a["alert_id"] for a in listed.json()}
        assert (await http.get(system.url("monitor", f"/v1/households/{household}/timeline"),
                               headers=viewer)).status_code == 200
        moved = await http.post(system.url("monitor", f"/v1/alerts/{alert}/transitions"), headers=viewer,
                                json={"to": "verifying", "reason": "查看者尝试核实"})
        assert (moved.status_code, moved.json()["detail"]) == (403, refused)
        for path, body in ((f"/v1/review/{uuid.uuid4()}/reject", {"reason": "不是本地居民"}),
                           ("/v1/self-reports", {"person": {"resident_id": row["resident_id"], "name": row["name"]},
                                                 "risk_type": "illness", "description": "家中老人长期患病",
                                                 "reported_on": "2026-10-20"})):
            answer = await http.post(system.url("monitor", path), headers=viewer, json=body)
            assert (answer.status_code, answer.json()["detail"]) == (403, refused), path
        after = (await http.get(system.url("monitor", "/v1/alerts"), params={"limit": 1000},
                                headers=operator_headers(system))).json()
    assert next(a for a in after if a["alert_id"] == alert)["status"] == "raised"
