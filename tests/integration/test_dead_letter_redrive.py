"""The dead-letter re-drive through the real broker and database (services/monitor/redrive.py and
its command, services/monitor/deadletters.py): a record dead-lettered for a reason a fix removes
(here a policy without the job-loss factors, as in test_bad_input, then the good policy the
running monitor has) is re-driven by an operator, processed once, audited; a second re-drive sends
nothing, and a copy sent twice (a re-drive whose transaction was lost after its send) is still
processed once."""
import asyncio
import subprocess
import sys
import time
import uuid

import asyncpg
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord

from services.monitor.consumer import GROUP_ID
from services.monitor.isolation import process_records
from services.monitor.policy import load_policy
from shared import topics
from shared.kafka_admin import partitions_of
from shared.kafka_raw.fetch import RawReader
from shared.kafka_raw.records import RawRecord
from tests.integration import events as ev
from tests.integration.system import REPO
from tests.integration.test_end_to_end import as_bytes, pick
from shared.kafka_security import client_options

REASON = "processing failed: KeyError"


def command(system, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.monitor.deadletters", *args], env=system.env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)


async def dead_lettered_by_a_broken_policy(system, event) -> int:
    """Process `event` as a record of the employment topic with a policy that lacks the job-loss
    factors: it fails inside processing and is dead-lettered. Returns the dead letter's ID."""
    policy = load_policy()
    broken = policy.model_copy(update={"factors": {k: v for k, v in policy.factors.items()
                                                   if k not in ("main_earner_job_lost", "member_job_lost")}})
    offset = 40_000_000 + uuid.uuid4().int % 10_000_000
    record = ConsumerRecord(topics.events_topic("employment"), 0, offset, 0, 0, b"k", as_bytes(event), None, 1, 0,
                            [("traceparent", b"00-abc-01")])
    pool = await asyncpg.create_pool(system.dsn, min_size=1, max_size=2)
    try:
        result = await process_records(pool, [record], broken, "redrive-test-secret", asyncio.Event())
        assert result.counts["dead_lettered"] == 1
        return await pool.fetchval('SELECT id FROM monitor.dead_letters WHERE "offset" = $1 AND reason = $2',
                                   offset, REASON)
    finally:
        await pool.close()


async def processed_count(db, event_id: str, at_least: int = 0, timeout_s: float = 60) -> int:
    deadline = time.monotonic() + timeout_s
    while True:
        n = await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", event_id)
        if n >= at_least or time.monotonic() > deadline:
            return n
        await asyncio.sleep(0.3)


async def test_a_dead_letter_re_driven_after_the_fix_is_processed_once_and_audited(system, db):
    event = ev.job_lost(ev.person(await pick(db, "p.birth_date < '1990-01-01'")))
    dead_id = await dead_lettered_by_a_broken_policy(system, event)
    stored = await db.fetchrow("SELECT original_value, original_headers FROM monitor.dead_letters WHERE id = $1", dead_id)
    assert bytes(stored["original_value"]) == as_bytes(event)

    listed = command(system, "list", "--reason", REASON)
    counts = {reason: int(waiting) for waiting, _redriven, reason in
              (line.split(None, 2) for line in listed.stdout.split("\n\n")[0].splitlines()[1:])}
    assert listed.returncode == 0 and counts[REASON] >= 1
    assert any(line.startswith(f"{dead_id}  ") and line.endswith(REASON) for line in listed.stdout.splitlines())
    assert event.data.person.name not in listed.stdout and event.data.person.resident_id not in listed.stdout

    dry = command(system, "redrive", "--id", str(dead_id), "--operator", "op-test", "--dry-run")
    assert dry.stdout.splitlines()[-1] == "redriven=1 skipped=0 redrive_id=none dry_run=true"
    assert await db.fetchval("SELECT redrive_id FROM monitor.dead_letters WHERE id = $1", dead_id) is None
    assert await processed_count(db, event.id, timeout_s=0) == 0

    first = command(system, "redrive", "--id", str(dead_id), "--operator", "op-test")
    assert first.returncode == 0, first.stderr
    audit = await db.fetchrow("SELECT id, operator, selection, dead_letter_ids, sent, at FROM monitor.redrives "
                              "WHERE $1 = ANY(dead_letter_ids)", dead_id)
    assert first.stdout.splitlines()[-1] == f"redriven=1 skipped=0 redrive_id={audit['id']} dry_run=false"
    assert (audit["operator"], audit["dead_letter_ids"], audit["sent"]) == ("op-test", [dead_id], 1)
    assert await processed_count(db, event.id, at_least=1) == 1

    again = command(system, "redrive", "--id", str(dead_id), "--operator", "op-test")
    assert again.stdout.splitlines() == [f"skipped {dead_id}: re-driven before, by re-drive {audit['id']}",
                                         "re-driven: none", "redriven=0 skipped=1 redrive_id=none dry_run=false"]

    # A re-drive whose transaction was lost after the broker took the copy: sent again, still one effect.
    await db.execute("UPDATE monitor.dead_letters SET redrive_id = NULL WHERE id = $1", dead_id)
    assert command(system, "redrive", "--id", str(dead_id), "--operator", "op-test").returncode == 0
    await system.wait_consumed(topics.group(GROUP_ID), [topics.events_topic("employment")])
    assert await processed_count(db, event.id, timeout_s=0) == 1
    assert await db.fetchval("SELECT count(*) FROM monitor.processed_events WHERE event_id = $1", event.id) == 1
    assert await db.fetchval("SELECT count(*) FROM monitor.redrives WHERE $1 = ANY(dead_letter_ids)", dead_id) == 2
    copies = await sent_to(system, topics.events_topic("employment"), as_bytes(event))
    assert [(r.key, r.headers) for r in copies] == [(b"k", ((b"traceparent", b"00-abc-01"),))] * 2


async def sent_to(system, topic: str, value: bytes) -> list[RawRecord]:
    """The records of `topic` whose value is `value`, read from the start as stored: another
    test's record that the Kafka client cannot decode (test_bad_input's) must not end the search."""
    parts = await partitions_of(system.bootstrap, [topic])
    probe = AIOKafkaConsumer(**client_options(system.bootstrap), group_id=None)
    await probe.start()
    try:
        ends = await probe.end_offsets(parts)
    finally:
        await probe.stop()
    reader, found = RawReader(system.bootstrap), []
    positions = {tp: 0 for tp in parts if ends[tp] > 0}
    try:
        while positions:
            for tp, records in (await reader.fetch(positions)).items():
                new = [r for r in records if r.offset >= positions[tp]]  # a batch may begin before the position
                found += [r for r in new if r.value == value]
                after = max((r.next_offset for r in new), default=positions[tp])
                assert after > positions[tp], f"no progress reading {tp} at offset {positions[tp]}"
                positions[tp] = after
            positions = {tp: at for tp, at in positions.items() if at < ends[tp]}
        return found
    finally:
        await reader.close()


async def test_a_redrive_by_reason_sends_every_waiting_one_of_it_and_refuses_without_an_operator(system, db):
    events = [ev.job_lost(ev.person(await pick(db, "p.birth_date < '1990-01-01'"))) for _ in range(2)]
    ids = [await dead_lettered_by_a_broken_policy(system, e) for e in events]
    refused = command(system, "redrive", "--reason", REASON, "--operator", " ")
    assert refused.returncode == 2 and "operator" in refused.stderr
    neither = command(system, "redrive", "--operator", "op-test")
    assert neither.returncode == 2
    done = command(system, "redrive", "--reason", REASON, "--operator", "op-reason")
    assert done.returncode == 0, done.stderr
    sent = {int(i) for i in done.stdout.splitlines()[-2].removeprefix("re-driven: ").split()}
    assert set(ids) <= sent
    for e in events:
        assert await processed_count(db, e.id, at_least=1) == 1
    assert await db.fetchval("SELECT count(*) FROM monitor.dead_letters WHERE reason = $1 AND redrive_id IS NULL",
                             REASON) == 0
