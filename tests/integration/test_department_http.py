"""The department HTTP API on the running services: per-department API keys, idempotent posts,
and schemathesis property tests against the served OpenAPI document."""
import json
import uuid

import httpx
import pytest

from tests.integration import events as ev
from tests.integration.openapi_fuzz import MODES, fuzz, fuzz_stateful
from tests.integration.system import DEPARTMENTS
from tests.integration.test_end_to_end import as_bytes, pick
from tests.integration.test_department_import import wait_processed


async def test_a_post_without_a_key_with_an_unknown_key_or_with_another_departments_key_is_refused(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    async with httpx.AsyncClient(timeout=10) as http:
        for code in DEPARTMENTS:
            other = next(d for d in DEPARTMENTS if d != code)
            answers = [(await http.post(system.url(code, "/v1/events"), json=event, headers=headers)).status_code
                       for headers in ({}, {"Authorization": "Bearer " + "0" * 32}, system.department_headers(other))]
            assert answers == [401, 401, 403], code
            listed = await http.get(system.url(code, "/v1/tasks"), headers=system.department_headers(other))
            assert listed.status_code == 403
        own = await http.post(system.url("housing", "/v1/events"), json=event,
                              headers=system.department_headers("housing"))
    assert own.status_code == 202
    assert await db.fetchval("SELECT count(*) FROM housing.published_events WHERE event_id = $1", event["id"]) == 1


async def test_a_retried_post_with_the_same_idempotency_key_gets_the_first_answer_and_publishes_nothing_twice(
        system, db):
    first_row, second_row = await pick(db, "p.relation = 'head'"), await pick(db, "p.relation = 'head'")
    body = [json.loads(as_bytes(ev.housing(ev.person(first_row), "C")))]
    other = [json.loads(as_bytes(ev.housing(ev.person(second_row), "C")))]
    key = str(uuid.uuid4())
    headers = {**system.department_headers("housing"), "Idempotency-Key": key}
    async with httpx.AsyncClient(timeout=10, headers=headers) as http:
        answers = [await http.post(system.url("housing", "/v1/events"), json=body) for _ in range(3)]
        changed = await http.post(system.url("housing", "/v1/events"), json=other)
        malformed = await http.post(system.url("housing", "/v1/events"), json=body,
                                    headers={"Idempotency-Key": "has spaces"})
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert all(a.json() == {"accepted": [body[0]["id"]]} for a in answers)
    assert "idempotent-replayed" not in answers[0].headers and answers[2].headers["idempotent-replayed"] == "true"
    assert changed.status_code == 422 and changed.json()["errors"][0]["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert malformed.status_code == 400
    assert await db.fetchval("SELECT count(*) FROM housing.outbox WHERE position(convert_to($1, 'UTF8') in value) > 0",
                             body[0]["id"]) == 1
    await wait_processed(db, [body[0]["id"]])
    assert await db.fetchval("SELECT count(*) FROM housing.published_events WHERE event_id = $1", other[0]["id"]) == 0


async def test_an_event_posted_again_is_accepted_once_and_its_id_with_other_content_is_refused(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    changed = dict(event, data=dict(event["data"], grade="C"))
    posing = dict(event, id=str(uuid.uuid4()), source="/kashgar/health_insurance")
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("housing")) as http:
        first = await http.post(system.url("housing", "/v1/events"), json=event)
        again = await http.post(system.url("housing", "/v1/events"), json=event)
        refused = await http.post(system.url("housing", "/v1/events"), json=[changed])
        not_ours = await http.post(system.url("housing", "/v1/events"), json=posing)
    assert (first.status_code, again.status_code, refused.status_code, not_ours.status_code) == (202, 202, 422, 422)
    assert "already used for other content" in refused.json()["errors"][0]["errors"][0]["msg"]
    assert not_ours.json()["errors"][0]["errors"][0]["loc"] == ["source"]
    assert await db.fetchval("SELECT count(*) FROM housing.outbox WHERE position(convert_to($1, 'UTF8') in value) > 0",
                             event["id"]) == 1


async def test_an_invalid_id_is_refused_with_a_way_out_and_an_event_without_an_id_is_accepted_and_linked(system, db):
    row = await pick(db, "p.relation = 'head'")
    wrong = row["resident_id"][:-1] + ("0" if row["resident_id"][-1] != "0" else "1")
    invalid = json.loads(as_bytes(ev.housing(ev.person(dict(row, resident_id=wrong)), "D")))
    without = json.loads(as_bytes(ev.housing(ev.person(dict(row, resident_id=None)), "D")))
    del without["data"]["person"]["resident_id"]
    async with httpx.AsyncClient(timeout=10, headers=system.department_headers("housing")) as http:
        refused = await http.post(system.url("housing", "/v1/events"), json=invalid)
        accepted = await http.post(system.url("housing", "/v1/events"), json=without)
    assert refused.status_code == 422
    msg = refused.json()["errors"][0]["errors"][0]["msg"]
    assert "check character" in msg and "leave resident_id out" in msg
    assert accepted.status_code == 202
    await wait_processed(db, [without["id"]])
    linked = await db.fetchrow("SELECT resident_id, link_method FROM monitor.household_events WHERE event_id = $1",
                               without["id"])
    assert dict(linked) == {"resident_id": row["resident_id"], "link_method": "probabilistic"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("department", DEPARTMENTS)
def test_the_department_api_behaves_as_its_openapi_document_says(system, department, mode):
    """Generated requests, valid and invalid, against every operation of every department service
    (each documents its own events): no 5xx, every status and body as documented, authentication
    enforced (schemathesis's default checks)."""
    fuzz(system.url(department, "/openapi.json"), system.department_headers(department), mode, max_examples=15)


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_chained_calls_to_a_department_api_hold_the_contract(system, department):
    """The stateful phase against every department service (a task ID from its list, used to
    acknowledge or complete it), every default check on each answer."""
    assert fuzz_stateful(system.url(department, "/openapi.json"), system.department_headers(department),
                         max_examples=5) > 0
