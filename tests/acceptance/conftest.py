"""Fixtures of the acceptance tests that need infrastructure (unit-style acceptance tests mark
themselves `unit` and use none of them).

- `families_dsn` / `registry`: a database of its own (real PostgreSQL, migrated like the
  monitor's) with a small generated registry and the synthetic families of families.py.
- `monitor`: the monitor as a real process on that database, with topics of its own (its own
  TOPIC_PREFIX), so that it never shares topics or consumer groups with the session's system of
  tests/integration, whatever order the suites run in. Stopped, and its topics deleted, at the
  end of the module that uses it.
"""
import asyncio
import random
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from deploy.topics import all_topics
from services.monitor.matching.keys import rebuild_match_keys
from services.monitor.migrate import migrate
from shared import topics
from shared.kafka_admin import delete_topics, ensure_topics
from tests.acceptance.families import FAMILIES, household_rows, person_rows
from tests.integration.fixtures import infra  # noqa: F401 - the same infrastructure, found the same way
from tests.integration.system import TopicReader, free_port, service_env, start_service, wait_http, wait_log
from tooling.registry.load import load_synthetic_registry
from shared.kafka_security import client_options

BACKGROUND_HOUSEHOLDS = 300  # generated households around the synthetic families


@asynccontextmanager
async def registry_database(server_dsn: str, prefix: str, background: int, seed: int, households: list,
                            persons: list):
    """A database of its own (migrated like the monitor's) with `background` generated households
    plus the given household and person rows; dropped at the end. Yields its DSN."""
    name = f"{prefix}_{random.randrange(10**8)}"
    admin = await asyncpg.connect(server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = server_dsn.rsplit("/", 1)[0] + f"/{name}"
    try:
        await migrate(dsn)
        await load_synthetic_registry(dsn, households=background, seed=seed, progress=False)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.executemany(
                "INSERT INTO monitor.households (household_id, county_code, township_code, village_code, category, "
                "members, income_per_capita_yuan, income_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", households)
            await conn.executemany(
                "INSERT INTO monitor.persons (resident_id, household_id, name, gender, birth_date, relation, "
                "able_to_work, main_earner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", persons)
            await rebuild_match_keys(conn)
        finally:
            await conn.close()
        yield dsn
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


@pytest.fixture(scope="session")
async def families_dsn(infra):  # noqa: F811 - infra is the fixture above
    """A database of its own with a small generated registry plus the families of families.py."""
    async with registry_database(infra.server_dsn, "relapse_acc", BACKGROUND_HOUSEHOLDS, 29,
                                 household_rows(FAMILIES), person_rows(FAMILIES)) as dsn:
        yield dsn


@pytest.fixture
async def registry(families_dsn):
    conn = await asyncpg.connect(families_dsn)
    yield conn
    await conn.close()


@dataclass
class Monitor:
    """The monitor process and the names of its own topics."""

    bootstrap: str
    prefix: str
    reader: TopicReader

    def topic(self, name: str) -> str:
        """This monitor's name for a topic of shared.topics (e.g. topics.UNMATCHED)."""
        return self.prefix + name.removeprefix(topics.PREFIX)

    def events_topic(self, department: str) -> str:
        return self.topic(topics.events_topic(department))

    async def publish(self, department: str, *values: bytes) -> None:
        producer = AIOKafkaProducer(**client_options(self.bootstrap), enable_idempotence=True)
        await producer.start()
        try:
            for value in values:
                await producer.send_and_wait(self.events_topic(department), value=value, key=b"k")
        finally:
            await producer.stop()


@asynccontextmanager
async def running_monitor(infra, dsn: str, tag: str, log_dir: Path):
    """The monitor as a real process on `dsn`, with topics of its own (prefix `tag` + digits),
    and a reader of its unmatched, dead-letter and alert topics; all stopped and deleted after."""
    prefix = f"{tag}{random.randrange(10**6):06d}."
    mine = [prefix + t.removeprefix(topics.PREFIX) for t in all_topics()]
    await ensure_topics(infra.bootstrap, mine, partitions=3)
    m = Monitor(infra.bootstrap, prefix, None)  # type: ignore[arg-type]
    m.reader = TopicReader(infra.bootstrap, [m.topic(topics.UNMATCHED), m.topic(topics.DEADLETTER),
                                             m.topic(topics.ALERTS)])
    await m.reader.start()
    port = free_port()
    env = service_env(infra.bootstrap, dsn)
    env.update(TOPIC_PREFIX=prefix, MONITOR_HTTP_PORT=str(port))
    service = start_service("monitor", ["services.monitor"], env, log_dir, port)
    try:
        wait_log(service, "monitor_started")
        await asyncio.to_thread(wait_http, service)
        yield m
    finally:
        service.stop()
        await m.reader.stop()
        await delete_topics(infra.bootstrap, mine)


@pytest.fixture(scope="module")
async def monitor(infra, families_dsn, tmp_path_factory):  # noqa: F811
    async with running_monitor(infra, families_dsn, "acc", Path(tmp_path_factory.mktemp("acceptance-logs"))) as m:
        yield m
