"""The real running system for integration and browser tests (registered for the whole suite by
tests/conftest.py, so tests/integration and tests/browser share one instance per session): real
Kafka and PostgreSQL, a fresh database with a small synthetic registry, and the monitor plus the
department services running as processes."""
import asyncio
import random
import secrets
from pathlib import Path

import asyncpg
import pytest

from deploy.topics import all_topics
from services.monitor.migrate import migrate
from shared import topics
from shared.kafka_admin import delete_topics, ensure_topics
from tests.infra import provide
from tests.integration.cases import scoped_operator_env
from tests.integration.system import DEPARTMENTS, System, TopicReader, free_port, service_env, start_service, wait_http, wait_log
from tooling.registry.load import load_synthetic_registry

REGISTRY_HOUSEHOLDS = 3000
REGISTRY_SEED = 7


@pytest.fixture(scope="session")
def infra():
    infra = provide()
    yield infra
    infra.close()


@pytest.fixture(scope="session")
async def database(infra):
    """A database of its own for this session, dropped at the end."""
    name = f"relapse_it_{random.randrange(10**8)}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    await migrate(dsn)
    await load_synthetic_registry(dsn, households=REGISTRY_HOUSEHOLDS, seed=REGISTRY_SEED, progress=False)
    yield dsn
    await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await admin.close()


@pytest.fixture(scope="session")
async def system(infra, database, tmp_path_factory):
    await ensure_topics(infra.bootstrap, all_topics(), partitions=3)
    output_topics = [topics.ALERTS, topics.UNMATCHED, topics.DEADLETTER] + [topics.tasks_topic(d) for d in DEPARTMENTS]
    reader = TopicReader(infra.bootstrap, output_topics)
    await reader.start()
    log_dir = Path(tmp_path_factory.mktemp("logs"))
    env = scoped_operator_env(service_env(infra.bootstrap, database), secrets.token_hex(16))
    monitor_port = free_port()
    env["MONITOR_HTTP_PORT"] = str(monitor_port)
    env["OVERDUE_INTERVAL_S"] = "1"
    services = {"monitor": start_service("monitor", ["services.monitor"], env, log_dir, monitor_port)}
    for d in DEPARTMENTS:
        port = free_port()
        services[d] = start_service(d, [f"services.{d}", "serve", "--port", str(port)], env, log_dir, port)
    try:
        wait_log(services["monitor"], "monitor_started")
        await asyncio.to_thread(wait_http, services["monitor"])
        for d in DEPARTMENTS:
            await asyncio.to_thread(wait_http, services[d])
        yield System(infra.bootstrap, database, env, log_dir, services, reader, people=[])
    finally:
        for s in services.values():
            s.stop()
        await reader.stop()
        await delete_topics(infra.bootstrap, all_topics())  # this run's prefixed topics only


@pytest.fixture
async def db(database):
    conn = await asyncpg.connect(database)
    yield conn
    await conn.close()
