"""The department service's handlers with an in-memory store (tests/unit/department_store.py)
put in through FastAPI's dependency_overrides: events posted, idempotency keys, task lists and
decisions, without PostgreSQL or Kafka. The same paths against the real database are in
tests/integration/test_department_http.py."""
import hashlib
import inspect
import json
from datetime import date

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

from services.housing.department import DEPARTMENT as HOUSING
from shared import topics
from shared.kit.http.dependencies import get_store
from shared.kit.http.posting import MAX_BODY_BYTES, accept_events
from shared.kit.http.tasks import decide
from shared.kit.service.app import build_app
from shared.kit.store.postgres import PostgresStore
from shared.kit.store.protocol import Answer, DepartmentStore
from shared.kit.tasks.decisions import acknowledgement
from shared.settings import InfraSettings
from tests.unit import builders as b
from tests.unit.department_store import InMemoryStore

KEYS = {"housing": "h" * 32, "health_insurance": "m" * 32}
SETTINGS = InfraSettings(kafka_bootstrap_servers="127.0.0.1:1", database_url="postgresql://x@127.0.0.1:1/x",
                         partition_key_secret="unit-test-secret-0123")
AUTH = {"Authorization": f"Bearer {KEYS['housing']}"}


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def client(store) -> TestClient:
    app = build_app(HOUSING, SETTINGS, KEYS)
    app.dependency_overrides[get_store] = lambda: store
    return TestClient(app)  # no `with`: no lifespan, so no pool and no broker


def appraisal(grade: str = "C", resident_id: str = b.VALID_ID, name: str = "吐尔逊·艾力") -> dict:
    return json.loads(b.housing(grade, b.person(resident_id, name)).model_dump_json())


def post(client, body, key: str | None = None, **kw):
    headers = {**AUTH, **({"Idempotency-Key": key} if key else {})}
    return client.post("/v1/events", content=body if isinstance(body, bytes) else json.dumps(body),
                       headers=headers, **kw)


def test_a_posted_event_is_accepted_once_however_often_it_is_posted(client, store):
    event = appraisal()
    with capture_logs() as logs:
        answers = [post(client, event), post(client, [event])]
    assert [a.status_code for a in answers] == [202, 202]
    assert all(a.json() == {"accepted": [event["id"]]} for a in answers)
    assert len(store.outbox) == 1 and store.outbox[0].topic == topics.events_topic("housing")
    assert store.outbox[0].key is not None and json.loads(store.outbox[0].value)["id"] == event["id"]
    assert [(e["event"], e["events"], e["new"]) for e in logs if e["event"] == "events_accepted"] == \
        [("events_accepted", 1, 1), ("events_accepted", 1, 0)]


@pytest.mark.parametrize("earlier", ["posted before", "earlier in the list"])
def test_an_event_id_reused_for_other_content_is_refused_by_index_and_nothing_is_published(client, store, earlier):
    first, changed = appraisal("C"), {**appraisal("D"), "id": None}
    changed["id"] = first["id"]
    other = appraisal("B", b.with_check("65310119850505123"), "古丽·买买提")
    if earlier == "posted before":
        assert post(client, first).status_code == 202
        body, expected = [other, changed], [1]
    else:
        body, expected = [first, other, changed], [0, 2]
    published = len(store.outbox)
    answer = post(client, body)
    assert answer.status_code == 422
    assert [e["index"] for e in answer.json()["errors"]] == expected
    assert all(e["errors"][0]["loc"] == ["id"] for e in answer.json()["errors"])
    assert len(store.outbox) == published


@pytest.mark.parametrize("bad, loc", [
    ({"grade": "Z"}, ["data", "grade"]),
    ({"source": "/kashgar/education"}, ["source"]),
    ({"resident_id": "653101199001011234"}, ["data", "person", "resident_id"]),  # wrong check character
])
def test_one_bad_item_refuses_the_list_with_its_index_and_publishes_none(client, store, bad, loc):
    item = appraisal()
    if "grade" in bad:
        item["data"]["grade"] = bad["grade"]
    elif "source" in bad:
        item["source"] = bad["source"]
    else:
        item["data"]["person"]["resident_id"] = bad["resident_id"]
    answer = post(client, [appraisal("D", b.VALID_FEMALE_ID, "阿依古丽·热合曼"), item])
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["index"] for e in errors] == [1] and errors[0]["errors"][0]["loc"][-len(loc):] == loc
    assert store.outbox == [] and store.published == {}


@pytest.mark.parametrize("body, status, message", [
    (b"{not json", 422, "not valid JSON"),
    (b"[" * 100_000, 422, "not valid JSON"),
    (b"[]", 422, "empty batch"),
    (b" " * (MAX_BODY_BYTES + 1), 413, "at most"),
])
def test_a_body_that_is_no_list_of_events_is_refused_as_a_whole(client, store, body, status, message):
    answer = post(client, body)
    assert answer.status_code == status
    assert answer.json()["errors"][0]["index"] is None and message in answer.json()["errors"][0]["errors"][0]["msg"]
    assert store.outbox == []


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_another_body_is_refused(client, store):
    body = [appraisal()]
    first, again = post(client, body, key="k-1"), post(client, body, key="k-1")
    changed = post(client, [appraisal("D", b.VALID_FEMALE_ID, "阿依古丽·热合曼")], key="k-1")
    assert (first.status_code, again.status_code, again.json()) == (202, 202, first.json())
    assert "idempotent-replayed" not in first.headers and again.headers["idempotent-replayed"] == "true"
    assert changed.status_code == 422 and changed.json()["errors"][0]["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert len(store.outbox) == 1


@pytest.mark.parametrize("key", ["has spaces", "x" * 256, "", "tab\there", "a\x7f"])
def test_a_malformed_idempotency_key_is_refused_before_anything_is_read(client, store, key):
    answer = client.post("/v1/events", json=[appraisal()], headers={**AUTH, "Idempotency-Key": key})
    assert answer.status_code == 400 and answer.json()["errors"][0]["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert store.outbox == []


class KeyTakenMeanwhile(InMemoryStore):
    """A concurrent request with the same key commits between our look-up and our publish."""

    def __init__(self, first: Answer):
        super().__init__()
        self.first = first

    async def publish(self, items, via, key=None, answer=None):
        self.answers.setdefault(key, self.first)
        return await super().publish(items, via, key, answer)


async def test_a_key_taken_by_a_concurrent_request_replays_that_requests_answer():
    raw = json.dumps([appraisal()]).encode()
    same = KeyTakenMeanwhile(Answer(hashlib.sha256(raw).digest(), {"accepted": ["from-the-other-request"]}))
    answer = await accept_events(same, HOUSING, "unit-test-secret-0123", raw, "k-2")
    assert answer.status_code == 202 and json.loads(answer.body) == {"accepted": ["from-the-other-request"]}
    other = KeyTakenMeanwhile(Answer(b"another body", {"accepted": []}))
    refused = await accept_events(other, HOUSING, "unit-test-secret-0123", raw, "k-2")
    assert refused.status_code == 422 and same.outbox == [] == other.outbox


def assign(store: InMemoryStore, task_id: str, due: date, household: str = "6531010001") -> None:
    store.tasks[task_id] = {"task_id": task_id, "household_id": household, "task_type": "housing_renovation",
                            "due_date": due, "status": "open"}


def test_tasks_are_listed_by_due_date_a_page_at_a_time_and_by_status(client, store):
    for task_id, due in (("t-3", date(2026, 11, 3)), ("t-1", date(2026, 11, 1)), ("t-2", date(2026, 11, 2))):
        assign(store, task_id, due)
    store.tasks["t-2"]["status"] = "acknowledged"
    ids = lambda answer: [t["task_id"] for t in answer.json()]  # noqa: E731
    assert ids(client.get("/v1/tasks", headers=AUTH)) == ["t-1", "t-2", "t-3"]
    assert ids(client.get("/v1/tasks?limit=1&offset=1", headers=AUTH)) == ["t-2"]
    assert ids(client.get("/v1/tasks?status=open", headers=AUTH)) == ["t-1", "t-3"]
    for bad in ("?stauts=open", "?limit=0", "?limit=1001", "?status=closed", "?offset=-1"):
        assert client.get("/v1/tasks" + bad, headers=AUTH).status_code == 422, bad


def test_a_task_is_acknowledged_then_completed_and_each_decision_tells_the_monitor(client, store):
    assign(store, "t-9", date(2026, 11, 9), household="6531010009")
    with capture_logs() as logs:
        ack = client.post("/v1/tasks/t-9/acknowledge", json={"acknowledged_by": "staff01", "note": "已走访"},
                          headers=AUTH)
        done = client.post("/v1/tasks/t-9/complete", json={"completed_by": "staff02", "outcome": "resolved",
                                                           "measures": ["危房改造"], "amount_yuan": "12000.00"},
                           headers=AUTH)
    assert (ack.status_code, ack.json()["type"]) == (200, "cn.kashgar.assistance_task.acknowledged.v1")
    assert (done.status_code, done.json()["type"]) == (200, "cn.kashgar.assistance_task.completed.v1")
    sent = [json.loads(message.value) for message in store.outbox]
    assert [e["id"] for e in sent] == [ack.json()["status_event_id"], done.json()["status_event_id"]]
    assert sent[0]["subject"] == "6531010009" and sent[1]["data"]["amount_yuan"] == "12000.00"
    assert {message.topic for message in store.outbox} == {topics.events_topic("housing")}
    assert store.history == [("t-9", "acknowledged", "staff01"), ("t-9", "completed", "staff02")]
    assert [e["status_event"] for e in logs if e["event"] == "task_decided"] == [ack.json()["type"], done.json()["type"]]


@pytest.mark.parametrize("status, decision, expected", [
    ("acknowledged", "acknowledge", 409), ("completed", "acknowledge", 409), ("completed", "complete", 409),
    (None, "acknowledge", 404), (None, "complete", 404),
])
def test_a_decision_the_tasks_status_does_not_allow_is_refused_and_sends_nothing(client, store, status, decision,
                                                                                 expected):
    if status is not None:
        assign(store, "t-5", date(2026, 11, 5))
        store.tasks["t-5"]["status"] = status
    body = {"acknowledged_by": "staff01"} if decision == "acknowledge" else {"completed_by": "staff01",
                                                                              "outcome": "not_resolved"}
    answer = client.post(f"/v1/tasks/t-5/{decision}", json=body, headers=AUTH)
    assert answer.status_code == expected and store.outbox == []
    if status is not None:
        assert store.tasks["t-5"]["status"] == status and status in answer.json()["detail"]


@pytest.mark.parametrize("path, body", [
    ("/v1/tasks/t-1/acknowledge", {"acknowledged_by": "staff01", "extra": 1}),
    ("/v1/tasks/t-1/complete", {"completed_by": "staff01", "outcome": "done"}),
    ("/v1/tasks/t%20x/acknowledge", {"acknowledged_by": "staff01"}),
])
def test_a_decision_with_a_malformed_body_or_task_id_is_refused_before_the_store(client, store, path, body):
    assign(store, "t-1", date(2026, 11, 1))
    assert client.post(path, json=body, headers=AUTH).status_code == 422
    assert store.tasks["t-1"]["status"] == "open" and store.outbox == []


async def test_the_decision_handler_is_a_function_of_the_store_and_the_decision():
    store = InMemoryStore()
    assign(store, "t-7", date(2026, 11, 7))
    answer = await decide(store, acknowledgement("housing", "t-7", "staff03", None))
    assert answer["type"] == "cn.kashgar.assistance_task.acknowledged.v1" and store.tasks["t-7"]["status"] == "acknowledged"
    assert answer["status_event_id"] == json.loads(store.outbox[0].value)["id"]
    with pytest.raises(HTTPException) as again:
        await decide(store, acknowledgement("housing", "t-7", "staff03", None))
    assert again.value.status_code == 409 and len(store.outbox) == 1


def test_the_in_memory_store_and_the_postgresql_store_implement_the_same_protocol():
    wanted = {name: inspect.signature(f) for name, f in vars(DepartmentStore).items()
              if inspect.iscoroutinefunction(f)}
    assert set(wanted) == {"remembered_answer", "publish", "store_task", "dead_letter", "list_tasks", "decide"}
    for store in (PostgresStore, InMemoryStore):
        assert {name: inspect.signature(getattr(store, name)).parameters.keys() for name in wanted} == \
            {name: sig.parameters.keys() for name, sig in wanted.items()}, store.__name__
