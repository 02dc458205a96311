"""Fixtures of tests/acceptance2 that need infrastructure (unit-style tests here use none).

- `kin_dsn` / `kin_registry`: a database of its own (real PostgreSQL, migrated like the
  monitor's) with a small generated registry plus the families of kin.py.
- `kin_monitor`: the monitor as a real process on that database, with topics of its own
  (its own TOPIC_PREFIX), stopped and its topics deleted at the end of the module.
"""
from pathlib import Path

import asyncpg
import pytest

from tests.acceptance.conftest import registry_database, running_monitor
from tests.acceptance2.kin import household_rows, person_rows
from tests.integration.fixtures import infra  # noqa: F401 - the same infrastructure, found the same way

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
    async with running_monitor(infra, kin_dsn, "acb", Path(tmp_path_factory.mktemp("acc2-logs"))) as m:
        yield m
