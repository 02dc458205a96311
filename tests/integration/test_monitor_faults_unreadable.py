"""Issue 14, part 1: a record the Kafka client cannot decode (a header name that is not UTF-8) is
skipped by itself at once, dead-lettered with its topic, partition, offset, key, value and
headers as bytes, and nothing around it (the records before and after it in its partition, the
other partitions) is held back or dead-lettered with it (services/monitor/unreadable.py).

Each poison record here is a valid event: had it been processed instead of dead-lettered, its
event ID would be among the processed ones."""
import base64

import pytest

from shared import topics
from tests.integration import events as ev
from tests.integration.lone_monitor import lone_monitor
from deploy.chaos.raw_producer import produce
from tests.integration.test_end_to_end import as_bytes

BAD_NAME = b"\xff\xfe"


@pytest.fixture(scope="module")
async def monitor(infra, tmp_path_factory):
    async with lone_monitor(infra, tmp_path_factory.mktemp("lone-unreadable")) as lone:
        lone.start()
        yield lone


@pytest.fixture(scope="module")
async def heads(monitor):
    return iter(await monitor.people(60))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def housing_events(heads, n: int):
    return [ev.housing(ev.person(next(heads)), "D") for _ in range(n)]


async def dead_letters_of(monitor, topic: str, partition: int) -> list[dict]:
    return [d for d in await monitor.dead_letters() if d["source_topic"] == topic and d["partition"] == partition]


async def processed(monitor, event_ids: list[str]) -> set[str]:
    rows = await monitor.query("SELECT event_id FROM monitor.processed_events WHERE event_id = ANY($1)", event_ids)
    return {r["event_id"] for r in rows}


async def test_a_poison_record_alone_in_its_fetch_is_dead_lettered_with_its_bytes_and_the_next_one_processed(
        monitor, heads):
    topic = monitor.topic(topics.events_topic("housing"))
    poison, after = housing_events(heads, 2)
    (offset,) = produce(monitor.bootstrap, topic, 0, [(b"poison-key", as_bytes(poison), [(BAD_NAME, b"hv"),
                                                                                            (b"ok", b"v2")])])
    await monitor.send("housing", [as_bytes(after)], partition=0)
    await monitor.wait_processed([after.id], timeout_s=60)
    (dead,) = await dead_letters_of(monitor, topic, 0)
    assert dead["offset"] == offset and dead["reason"].startswith("unreadable record: header name")
    assert dead["original_value_base64"] == b64(as_bytes(poison))
    assert dead["original_key_base64"] == b64(b"poison-key")
    assert dead["original_header_list"] == [{"name_base64": b64(BAD_NAME), "value_base64": b64(b"hv")},
                                            {"name_base64": b64(b"ok"), "value_base64": b64(b"v2")}]
    assert await processed(monitor, [poison.id]) == set()


async def test_good_records_before_and_after_it_in_the_same_batch_are_processed_and_only_it_dead_lettered(
        monitor, heads):
    """The issue saw a permanent stall when a good record came before the poison in one fetch,
    and the valid record after it dead-lettered too."""
    topic = monitor.topic(topics.events_topic("housing"))
    before, poison, after = housing_events(heads, 3)
    offsets = produce(monitor.bootstrap, topic, 1, [(b"k", as_bytes(before), []),
                                                    (b"k", as_bytes(poison), [(BAD_NAME, b"")]),
                                                    (b"k", as_bytes(after), [])])
    await monitor.wait_processed([before.id, after.id], timeout_s=60)
    assert [d["offset"] for d in await dead_letters_of(monitor, topic, 1)] == [offsets[1]]
    assert await processed(monitor, [poison.id]) == set()


async def test_other_partitions_and_topics_progress_while_a_partition_holds_poison(monitor, heads):
    housing = monitor.topic(topics.events_topic("housing"))
    produce(monitor.bootstrap, housing, 2, [(b"k", as_bytes(e), [(BAD_NAME, b"x")]) for e in housing_events(heads, 3)])
    others = housing_events(heads, 6)
    jobs = [ev.job_lost(ev.person(next(heads))) for _ in range(6)]
    for i, e in enumerate(others[:3]):
        await monitor.send("housing", [as_bytes(e)], partition=i % 2)
    await monitor.send("employment", [as_bytes(e) for e in jobs])
    later = others[3:]
    await monitor.send("housing", [as_bytes(e) for e in later], partition=2)  # after the poison, same partition
    await monitor.wait_processed([e.id for e in others + jobs], timeout_s=90)
    assert len(await dead_letters_of(monitor, housing, 2)) == 3
    assert await dead_letters_of(monitor, monitor.topic(topics.events_topic("employment")), 0) == []
    assert monitor.service.proc.poll() is None
