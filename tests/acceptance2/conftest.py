"""Fixtures of tests/acceptance2 that need infrastructure (unit-style tests here use none).

- `kin_dsn` / `kin_registry`: a database of its own (real PostgreSQL, migrated like the
  monitor's) with a small generated registry plus the families of kin.py.
- `kin_monitor`: the monitor as a real process on that database, with topics of its own
  (its own TOPIC_PREFIX), stopped and its topics deleted at the end of the module.
"""
import asyncio
import random
from pathlib import Path

import asyncpg
import pytest

from deploy.topics import all_topics
from shared import topics
from shared.kafka_admin import delete_topics, ensure_topics
from tests.acceptance.conftest import Monitor, registry_database
from tests.acceptance2.kin import household_rows, person_rows
from tests.integration.conftest import infra  # noqa: F401 - the same infrastructure, found the same way
from tests.integration.system import TopicReader, free_port, service_env, start_service, wait_http, wait_log

BACKGROUND_HOUSEHOLDS = 200


@pytest.fixture(scope="session")
async def kin_dsn(infra):  # noqa: F811 - infra is the fixture above
    async with registry_database(infra.server_dsn, "relapse_acc2", BACKGROUND_HOUSEHOLDS, 37,
                                 household_rows(), person_rows()) as dsn:
        yield dsn


@pytest.fixture
async def kin_registry(kin_dsn):
    conn = await asyncpg.connect(kin_dsn)
    yield conn
    await conn.close()


@pytest.fixture(scope="module")
async def kin_monitor(infra, kin_dsn, tmp_path_factory):  # noqa: F811
    prefix = f"acb{random.randrange(10**6):06d}."
    mine = [prefix + t.removeprefix(topics.PREFIX) for t in all_topics()]
    await ensure_topics(infra.bootstrap, mine, partitions=3)
    m = Monitor(infra.bootstrap, prefix, None)  # type: ignore[arg-type]
    m.reader = TopicReader(infra.bootstrap, [m.topic(topics.UNMATCHED), m.topic(topics.DEADLETTER),
                                             m.topic(topics.ALERTS)])
    await m.reader.start()
    port = free_port()
    env = service_env(infra.bootstrap, kin_dsn)
    env.update(TOPIC_PREFIX=prefix, MONITOR_HTTP_PORT=str(port))
    service = start_service("monitor", ["services.monitor"], env, Path(tmp_path_factory.mktemp("acc2-logs")), port)
    try:
        wait_log(service, "monitor_started")
        await asyncio.to_thread(wait_http, service)
        yield m
    finally:
        service.stop()
        await m.reader.stop()
        await delete_topics(infra.bootstrap, mine)
