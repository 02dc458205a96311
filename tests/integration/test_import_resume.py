"""An import killed half-way (SIGKILL) completes when run again, and publishes every event once."""
import asyncio
import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date

import asyncpg
from stdnum.cn import ric

from services.health_insurance.department import DEPARTMENT
from shared.kafka_admin import delete_topics
from shared.kafka_replay import read_to_ends
from shared.kit.importing.file_import import import_file
from tests.integration.system import REPO, grant_prefix, service_env
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.people import SimPerson

ROWS = 6000


def _people(n: int) -> list[SimPerson]:
    rng = random.Random(8)
    out = []
    for i in range(n):
        born = date.fromordinal(date(1960, 1, 1).toordinal() + rng.randrange(365 * 50))
        first17 = f"653101{born:%Y%m%d}{i:03d}"
        out.append(SimPerson(first17 + ric.calc_check_digit(first17 + "0"), f"艾力·吐尔逊{i}", "M", born,
                             "653101100201", f"653101100201{i:04d}", True))
    return out


async def _topic_ids(bootstrap: str, topic: str) -> Counter:
    ids: Counter = Counter()
    await read_to_ends(bootstrap, [topic], lambda records: ids.update(json.loads(r.value)["id"] for r in records))
    return ids


async def test_an_import_killed_half_way_completes_when_run_again_and_publishes_each_event_once(infra, tmp_path):
    # A database and topics of its own: the monitor need not see 6,000 bills of people it does not know.
    name, prefix = f"relapse_resume_{random.randrange(10**8)}", f"rs{random.randrange(10**6)}."
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    env = {**service_env(infra.bootstrap, dsn), "TOPIC_PREFIX": prefix}
    grant_prefix(env)  # the import command logs in as health insurance: its topic under this prefix
    topic = f"{prefix}health_insurance.events.v1"
    path = tmp_path / "bills.xlsx"
    written = write_month_file(DEPARTMENT, _people(500), date(2026, 10, 1), ROWS, 5, path, bad_rate=0.01)
    expected = set((await import_file(DEPARTMENT, path, pool=None, report=tmp_path / "dry.csv")).event_ids)
    assert len(expected) == ROWS - len(written.bad_rows)
    command = [sys.executable, "-m", "services.health_insurance", "import", str(path), "--chunk-rows", "200"]
    conn = None
    try:
        first = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn = await asyncpg.connect(dsn)
        # Kill it as soon as its first chunk is recorded; on a loaded machine the process may take
        # long to start, so the wait is bounded by time, not by a count of polls.
        deadline = time.monotonic() + 120
        while not (await conn.fetchval("SELECT to_regclass('health_insurance.imports')") and
                   await conn.fetchval("SELECT max(rows_read) FROM health_insurance.imports")):
            assert time.monotonic() < deadline and first.poll() is None, "the import never recorded a chunk"
            await asyncio.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = await conn.fetchrow("SELECT rows_read, finished_at FROM health_insurance.imports")
        assert 0 < killed_at["rows_read"] < ROWS and killed_at["finished_at"] is None

        second = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=180)
        assert second.returncode == 1, second.stdout + second.stderr  # 1: the file has bad rows
        assert "the previous run of this file stopped after" in second.stdout
        assert await conn.fetchval("SELECT count(*) FROM health_insurance.published_events") == len(expected)
        assert await conn.fetchval("SELECT count(*) FROM health_insurance.outbox") == len(expected)
        published = await _topic_ids(infra.bootstrap, topic)
        assert set(published) == expected and max(published.values()) == 1
    finally:
        if conn is not None:
            await conn.close()
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
        await delete_topics(infra.bootstrap, [topic])
