"""The operator command line (`python -m relapse`) against the real broker and the running monitor:
`watch --max` shows a topic's records decoded (a broken one as a row saying so), masked and
filtered; `lag` shows a group that committed; `alerts`, `review list`, `deadletters list` and
`replay` answer from the running system, `review accept|reject` decide held events (a second
decision is refused in one line), and a wrong token is one line with a non-zero exit."""
import asyncio
import json
import os
import subprocess
import sys

from aiokafka import AIOKafkaProducer

from shared import topics
from shared.log_masking import ID_SHAPED
from shared.kafka_admin import delete_topics, ensure_topics
from tests.integration import events as ev
from tests.integration.kafka_groups import commit_offset
from tests.integration.system import REPO
from tests.integration.test_end_to_end import as_bytes, pick, publish
from tests.integration.test_review_queue import _outsider
from shared.kafka_security import client_options

RID, NAME = "653125199001011236", "测试·买买提"


def relapse(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "relapse", *args], env={**env, "COLUMNS": "200"}, cwd=REPO,
                          capture_output=True, text=True, timeout=120)


async def produced(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(**client_options(bootstrap))
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, partition=0)
    finally:
        await producer.stop()


def event(event_type: str, data: dict) -> bytes:
    return json.dumps({"id": os.urandom(4).hex(), "type": event_type, "time": "2026-10-03T08:00:00+08:00",
                       "data": data}).encode()


async def test_watch_shows_decoded_masked_rows_and_a_broken_record_as_a_row(infra):
    name = f"cli-watch-{os.urandom(4).hex()}.v1"
    topic = topics.PREFIX + name
    await ensure_topics(infra.bootstrap, [topic], partitions=1)
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap}
    try:
        await produced(infra.bootstrap, topic, [
            event("cn.kashgar.housing.housing_appraised.v1",
                  {"person": {"resident_id": RID, "name": NAME, "village_code": "653125100200"}}),
            b"\xff not json",
            event("cn.kashgar.monitor.alert_raised.v1", {"county_code": "653101", "level": "red"}),
            event("cn.kashgar.monitor.alert_raised.v1", {"county_code": "653125", "level": "orange"})])
        every = relapse(env, "watch", name, "--from-beginning", "--max", "3", "--timeout", "30")
        assert every.returncode == 0, every.stderr
        lines = [line for line in every.stdout.splitlines() if "@" in line]
        assert len(lines) == 3 and "3 rows from" in every.stdout
        assert "housing.housing_appraised" in lines[0] and "653125" in lines[0] and "6531************36" in lines[0]
        assert "undecodable: not UTF-8 JSON" in lines[1] and "0@1" in lines[1]
        assert "monitor.alert_raised" in lines[2] and "red" in lines[2]
        assert RID not in every.stdout and NAME not in every.stdout
        orange = relapse(env, "watch", name, "--from-beginning", "--type", "alert_raised", "--county", "653125",
                         "--max", "2", "--timeout", "30")
        rows = [line for line in orange.stdout.splitlines() if "@" in line]
        assert orange.returncode == 0 and len(rows) == 2, orange.stdout  # the broken record passes every filter
        assert "orange" in rows[1] and "0@3" in rows[1] and "undecodable" in rows[0]
    finally:
        await delete_topics(infra.bootstrap, [topic])


async def test_lag_shows_a_group_that_committed(infra):
    topic, group = f"{topics.PREFIX}cli-lag-{os.urandom(4).hex()}", topics.group(f"cli-lag-{os.urandom(4).hex()}")
    await ensure_topics(infra.bootstrap, [topic], partitions=1)
    try:
        await produced(infra.bootstrap, topic, [b"{}"] * 5)
        await commit_offset(infra.bootstrap, group, topic, 0, 2)
        shown = relapse({**os.environ, "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap}, "lag", "--group", group)
        assert shown.returncode == 0, shown.stderr
        row = next(line for line in shown.stdout.splitlines() if group in line)
        assert [cell.strip() for cell in row.split("│")[1:-1]] == [group, topic, "0", "2", "5", "3"]
    finally:
        await delete_topics(infra.bootstrap, [topic])


async def test_the_monitor_commands_answer_and_a_wrong_token_is_one_line(system):
    url = f"http://127.0.0.1:{system.services['monitor'].port}"
    alerts = relapse(system.env, "alerts", "--monitor-url", url, "--limit", "5")
    assert alerts.returncode == 0 and "Alerts (" in alerts.stdout, alerts.stderr
    queue = relapse(system.env, "review", "list", "--monitor-url", url)
    assert queue.returncode == 0 and "Review queue (" in queue.stdout, queue.stderr
    refused = relapse(system.env, "alerts", "--monitor-url", url, "--token", "not-a-token-of-anyone")
    assert refused.returncode == 1 and "refused the operator token" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    dead = relapse(system.env, "deadletters", "list")
    assert dead.returncode == 0 and "waiting  redriven  reason" in dead.stdout, dead.stderr
    progress = relapse(system.env, "replay")
    assert progress.returncode == 0 and "monitor read" in progress.stdout, progress.stderr


async def held_event(system, db) -> tuple[str, dict]:
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(_outsider(row)), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    return event.id, row


async def test_review_accept_and_reject_decide_held_events_once(system, db):
    url = f"http://127.0.0.1:{system.services['monitor'].port}"
    (accepted, row), (rejected, _) = await held_event(system, db), await held_event(system, db)
    listed = await asyncio.to_thread(relapse, system.env, "review", "list", "--limit", "1000", "--monitor-url", url)
    assert accepted in listed.stdout and rejected in listed.stdout
    assert not ID_SHAPED.search(listed.stdout)  # candidates' IDs masked
    accept = ["review", "accept", accepted, "--resident-id", row["resident_id"], "--reason", "区划代码录错,姓名生日一致",
              "--monitor-url", url]
    first = await asyncio.to_thread(relapse, system.env, *accept)
    assert first.returncode == 0 and f"accepted {accepted}: 1 alerts, 1 tasks" in first.stdout, first.stderr
    assert row["resident_id"] not in first.stdout + first.stderr
    again = await asyncio.to_thread(relapse, system.env, *accept)
    assert again.returncode == 1 and "409" in again.stderr and "Traceback" not in again.stderr
    no = await asyncio.to_thread(relapse, system.env, "review", "reject", rejected, "--reason", "不是本地居民",
                                 "--monitor-url", url)
    assert no.returncode == 0 and f"rejected {rejected}" in no.stdout, no.stderr
    assert await db.fetchval("SELECT status FROM monitor.unmatched_events WHERE event_id = $1", rejected) == "rejected"
