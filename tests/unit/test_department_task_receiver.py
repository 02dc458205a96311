"""A department's task subscriber (shared.kit.service.receive_task) with an in-memory store: a
task is kept once, an invalid one or another department's is dead-lettered with its reason, and
one the database refuses is dead-lettered rather than retried for ever."""
import json
from datetime import date

import asyncpg
import pytest
from aiokafka import ConsumerRecord
from structlog.testing import capture_logs

from services.housing.department import DEPARTMENT as HOUSING
from shared import topics
from shared.contracts import monitor as m
from shared.kit.service.receive_task import receive_task
from shared.retry import Backoff
from shared.sources import source_problem
from tests.unit import builders as b
from tests.unit.department_store import InMemoryStore


def assigned(department: str = "housing", task_id: str = "t-1") -> m.AssistanceTaskAssigned:
    return b.envelope(m.AssistanceTaskAssigned, "monitor", m.AssistanceTaskAssignedData(
        task_id=task_id, alert_id="a-1", household_id="6531010001", department=department,
        task_type="housing_renovation", factor_code="unsafe_housing", due_date=date(2026, 11, 15),
        person=b.person(b.VALID_ID, "买合木提·吐尔洪"), evidence_event_ids=["ev-1"]))


def record(value: bytes | None, offset: int = 7, topic: str | None = None) -> ConsumerRecord:
    return ConsumerRecord(topic=topic or topics.tasks_topic("housing"), partition=0, offset=offset, timestamp=0,
                          timestamp_type=0, key=b"k", value=value, checksum=None, serialized_key_size=1,
                          serialized_value_size=len(value or b""), headers=[])


def reason(message) -> str:
    return json.loads(message.value)["data"]["reason"]


async def test_a_task_is_kept_once_however_often_it_is_delivered():
    store, task = InMemoryStore(), assigned()
    with capture_logs() as logs:
        for offset in (1, 2):
            await receive_task(store, HOUSING, record(task.model_dump_json().encode(), offset))
    assert list(store.tasks) == ["t-1"] and store.dead_letters == []
    assert [e["new"] for e in logs if e["event"] == "task_received"] == [True, False]
    assert all("买合木提" not in str(e) and b.VALID_ID not in str(e) for e in logs)


@pytest.mark.parametrize("value, expected", [
    (b"not json", "invalid task"),
    (None, "invalid task"),
    (b'{"id": "x"}', "invalid task"),
    (assigned("education").model_dump_json().encode(), "task for education on housing's task topic"),
])
async def test_an_invalid_task_or_another_departments_is_dead_lettered_with_its_reason(value, expected):
    store = InMemoryStore()
    with capture_logs() as logs:
        await receive_task(store, HOUSING, record(value, offset=42))
    assert store.tasks == {} and len(store.dead_letters) == 1
    assert store.dead_letters[0].topic == topics.DEADLETTER and reason(store.dead_letters[0]).startswith(expected)
    assert [(e["event"], e["offset"]) for e in logs if e["event"] == "task_dead_lettered"] == [("task_dead_lettered", 42)]


def from_source(source: str) -> bytes:
    return assigned().model_copy(update={"source": source}).model_dump_json().encode()


@pytest.mark.parametrize("topic", [topics.tasks_topic("education"), topics.events_topic("housing"),
                                   topics.events_topic("monitor"), "monitor.tasks.housing.v1.evil", "housing"])
async def test_a_task_from_any_topic_but_the_monitors_task_topic_for_the_department_is_refused_and_not_kept(topic):
    store = InMemoryStore()
    await receive_task(store, HOUSING, record(assigned().model_dump_json().encode(), topic=topic))
    assert store.tasks == {} and len(store.dead_letters) == 1
    assert reason(store.dead_letters[0]) == f"record on {topic}: housing takes tasks only from " \
                                            f"{topics.tasks_topic('housing')}"


@pytest.mark.parametrize("source", ["/kashgar/housing", "/kashgar/education", "/kashgar/monitor/../housing",
                                    "/kashgar/monitorx", "/kashgar/monitor-evil", "/Kashgar/monitor",
                                    "/kashgar/monitor/", "/kashgar/m%6Fnitor", "/kashgar/mоnitor", " /kashgar/monitor"])
async def test_a_task_without_the_monitors_source_is_dead_lettered_with_the_reason_and_not_kept(source):
    store = InMemoryStore()
    await receive_task(store, HOUSING, record(from_source(source)))
    assert store.tasks == {} and len(store.dead_letters) == 1
    assert reason(store.dead_letters[0]) == f"task not from the monitor: {source_problem(source, 'monitor')}"


async def test_a_task_with_the_monitors_source_is_kept():
    store = InMemoryStore()
    await receive_task(store, HOUSING, record(from_source("/kashgar/monitor")))
    assert list(store.tasks) == ["t-1"] and store.dead_letters == []


class Refusing(InMemoryStore):
    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    async def store_task(self, event):
        raise self.error


@pytest.mark.parametrize("error", [asyncpg.DataError("value too long"), asyncpg.UniqueViolationError("dup"),
                                   asyncpg.CheckViolationError("check")])
async def test_a_task_the_database_refuses_is_dead_lettered_naming_the_error_not_retried(error):
    store = Refusing(error)
    with capture_logs() as logs:
        await receive_task(store, HOUSING, record(assigned().model_dump_json().encode()))
    assert reason(store.dead_letters[0]) == f"task refused by the database: {type(error).__name__}"
    assert [e.get("error") for e in logs if e["event"] == "task_dead_lettered"] == [type(error).__name__]
    assert not [e for e in logs if e["event"] == "task_store_retry"]


class AwayOnce(InMemoryStore):
    """The database is unreachable at the first attempt, back at the second."""

    def __init__(self):
        super().__init__()
        self.attempts = 0

    async def store_task(self, event):
        self.attempts += 1
        if self.attempts == 1:
            raise ConnectionRefusedError("database away")
        return await super().store_task(event)


async def test_a_database_outage_is_waited_out_and_the_task_kept():
    store = AwayOnce()
    with capture_logs() as logs:
        await receive_task(store, HOUSING, record(assigned().model_dump_json().encode()))
    assert store.attempts == 2 and list(store.tasks) == ["t-1"] and store.dead_letters == []
    assert [e["event"] for e in logs if e["event"] in ("task_store_retry", "task_received")] == \
        ["task_store_retry", "task_received"]


class AwayFor(InMemoryStore):
    """A store whose database is away for the first `failures` calls of each operation."""

    def __init__(self, failures: int):
        super().__init__()
        self.left = {"store_task": failures, "dead_letter": failures}

    def _away(self, operation: str) -> None:
        if self.left[operation]:
            self.left[operation] -= 1
            raise asyncpg.CannotConnectNowError("the database system is shutting down")

    async def store_task(self, event):
        self._away("store_task")
        return await super().store_task(event)

    async def dead_letter(self, message):
        self._away("dead_letter")
        await super().dead_letter(message)


async def test_a_database_outage_is_waited_out_for_the_task_and_for_its_dead_letter(monkeypatch):
    monkeypatch.setattr("shared.kit.service.receive_task.TASK_STORE_BACKOFF", Backoff(first_s=0.001, cap_s=0.002))
    store = AwayFor(failures=3)
    await receive_task(store, HOUSING, record(assigned().model_dump_json().encode()))
    await receive_task(store, HOUSING, record(b"not json"))  # the handler must not raise: the offset is committed after it
    assert list(store.tasks) == ["t-1"] and len(store.dead_letters) == 1 and store.left == {"store_task": 0,
                                                                                               "dead_letter": 0}
