"""Fixtures of the acceptance tests.

The integration fixtures (real Kafka and PostgreSQL, the running system) are those of
tests/integration/conftest.py, re-used here, so acceptance tests of the whole system run under
the same conventions. Unit-style acceptance tests mark themselves `unit` and use none of them.
"""
import random

import asyncpg
import pytest

from services.monitor.matching.keys import rebuild_match_keys
from services.monitor.migrate import migrate
from services.monitor.registry.load import load_registry
from tests.acceptance.families import FAMILIES, household_rows, person_rows
from tests.integration.conftest import database, db, infra, system  # noqa: F401 - fixtures

BACKGROUND_HOUSEHOLDS = 300  # generated households around the synthetic families


@pytest.fixture(scope="session")
async def families_dsn(infra):  # noqa: F811 - infra is the fixture above
    """A database of its own with a small generated registry plus the families of families.py."""
    name = f"relapse_acc_{random.randrange(10**8)}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    try:
        await migrate(dsn)
        await load_registry(dsn, households=BACKGROUND_HOUSEHOLDS, seed=29, progress=False)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.executemany(
                "INSERT INTO monitor.households (household_id, county_code, township_code, village_code, category, "
                "members, income_per_capita_yuan, income_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                household_rows(FAMILIES))
            await conn.executemany(
                "INSERT INTO monitor.persons (resident_id, household_id, name, gender, birth_date, relation, "
                "able_to_work, main_earner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", person_rows(FAMILIES))
            await rebuild_match_keys(conn)
        finally:
            await conn.close()
        yield dsn
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


@pytest.fixture
async def registry(families_dsn):
    conn = await asyncpg.connect(families_dsn)
    yield conn
    await conn.close()
