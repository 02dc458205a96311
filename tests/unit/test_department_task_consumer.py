"""The department's task consumer loop (shared.kit.service.task_consumer) with a scripted
consumer and raw reader: a record whose handling fails still lets the next one through, a
transient poll failure is waited out without a raw search, and a record the client cannot decode
is dead-lettered with its bytes while the tasks of its batch are kept and the consumer moves past
the batch. The real broker's version: tests/integration/test_department_unreadable_task.py."""
import asyncio
import base64
import json

from aiokafka.errors import KafkaConnectionError
from aiokafka.structs import TopicPartition

from services.housing.department import DEPARTMENT as HOUSING
from shared import topics
from shared.kafka_raw.records import RawRecord
from shared.kit.service import task_consumer
from shared.retry import Backoff
from tests.unit.department_store import InMemoryStore
from tests.unit.test_department_task_receiver import assigned, record

TP = TopicPartition(topics.tasks_topic("housing"), 0)


class ScriptedConsumer:
    """getmany answers from `polls` (a batch or an exception to raise), then sets `stop`."""

    def __init__(self, polls: list, stop: asyncio.Event, committed: int | None = None):
        self.polls, self.stop, self._committed = list(polls), stop, committed
        self.commits: list[dict] = []
        self.seeks: list[tuple[TopicPartition, int]] = []

    async def getmany(self, timeout_ms: int):
        if not self.polls:
            self.stop.set()
            return {}
        answer = self.polls.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def commit(self, offsets):
        self.commits.append(dict(offsets))

    def assignment(self):
        return {TP}

    async def committed(self, tp):
        return self._committed

    async def beginning_offsets(self, tps):
        return {tp: 0 for tp in tps}

    def seek(self, tp, offset):
        self.seeks.append((tp, offset))


class ScriptedReader:
    def __init__(self, records: list[RawRecord]):
        self.records, self.fetched = records, []

    async def fetch(self, positions):
        self.fetched.append(dict(positions))
        return {TP: self.records}


def raw(offset: int, value: bytes, headers=(), problem=None, batch_end: int = 3) -> RawRecord:
    return RawRecord(offset, offset + 1, batch_end, 1_700_000_000_000, b"k", value, tuple(headers), problem)


async def run(consumer, reader, store, stop, monkeypatch):
    monkeypatch.setattr(task_consumer, "POLL_BACKOFF", Backoff(first_s=0.001, cap_s=0.002))
    await asyncio.wait_for(task_consumer.run_task_consumer(consumer, reader, store, HOUSING, stop), 5)


class DeadLetterRefused(InMemoryStore):
    async def dead_letter(self, message):
        raise RuntimeError("refused for good")


async def test_a_record_whose_handling_fails_is_committed_and_the_next_task_still_kept(monkeypatch):
    stop, store = asyncio.Event(), DeadLetterRefused()
    consumer = ScriptedConsumer([{TP: [record(b"not json", offset=0)]},
                                 {TP: [record(assigned(task_id="t-2").model_dump_json().encode(), offset=1)]}], stop)
    await run(consumer, ScriptedReader([]), store, stop, monkeypatch)
    assert list(store.tasks) == ["t-2"] and consumer.commits == [{TP: 1}, {TP: 2}]


async def test_a_transient_poll_failure_is_waited_out_without_searching_the_bytes(monkeypatch):
    stop, store, reader = asyncio.Event(), InMemoryStore(), ScriptedReader([])
    consumer = ScriptedConsumer([KafkaConnectionError(), {TP: [record(assigned().model_dump_json().encode(), 0)]}],
                                stop)
    await run(consumer, reader, store, stop, monkeypatch)
    assert reader.fetched == [] and list(store.tasks) == ["t-1"]


async def test_an_unreadable_record_is_dead_lettered_with_its_bytes_and_its_batch_neighbours_kept(monkeypatch):
    stop, store = asyncio.Event(), InMemoryStore()
    poison = raw(1, b"\x00poison", headers=[(b"\xff\xfe", b"v")], problem="header name b'\\xff\\xfe' is not UTF-8")
    reader = ScriptedReader([raw(0, assigned(task_id="t-0").model_dump_json().encode()), poison,
                             raw(2, assigned(task_id="t-2").model_dump_json().encode()),
                             raw(3, assigned(task_id="t-3").model_dump_json().encode(), batch_end=4)])
    consumer = ScriptedConsumer([UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")], stop, committed=0)
    await run(consumer, reader, store, stop, monkeypatch)
    assert list(store.tasks) == ["t-0", "t-2"]  # t-3 lies past the batch: the client reads it as always
    assert consumer.seeks == [(TP, 0), (TP, 3)] and consumer.commits == [{TP: 3}]
    (dead,) = [json.loads(m.value)["data"] for m in store.dead_letters]
    assert dead["offset"] == 1 and dead["reason"].startswith("unreadable record: header name")
    assert base64.b64decode(dead["original_value_base64"]) == b"\x00poison"
    assert [base64.b64decode(h["name_base64"]) for h in dead["original_header_list"]] == [b"\xff\xfe"]
