"""Integration tests: the session fixtures of the real running system (infra, database, system, db)
live in tests/integration/fixtures.py, registered for the whole suite by tests/conftest.py so that the
browser tests (tests/browser) share the same instance."""
import random

import asyncpg
import pytest

from services.monitor.migrate import migrate


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
async def empty_registry(infra):
    """A database of its own with the monitor's migrations and no household, dropped after the test."""
    name = f"relapse_empty_{random.randrange(10**8)}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    try:
        await migrate(dsn)
        yield dsn
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
