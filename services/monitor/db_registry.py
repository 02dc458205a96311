"""Reads of the household registry (monitor.persons, monitor.households), and the households' row locks."""
import asyncpg

from services.monitor.db_scope import codes, in_counties
from services.monitor.linking import People, members_of

# What the matcher compares and the rules need; the member as events keep him current (migration
# 012) and the death dates of his household's members (services/monitor/member_state.py) that the
# household's member count still includes: one a newer export no longer lists (persons.left_on,
# migration 011) is out of that count already and must not be subtracted again.
_COLUMNS = (
    "SELECT p.resident_id, p.name, p.gender, p.birth_date, p.main_earner, p.able_to_work, h.household_id, "
    "h.village_code, h.county_code, h.members, h.income_per_capita_yuan, p.deceased_on, p.health_status, "
    "p.disability_grade, p.able_to_work_before, p.main_earner_before, p.labour_changed_on, "
    "ARRAY(SELECT d.deceased_on FROM monitor.persons d WHERE d.household_id = h.household_id "
    "AND d.deceased_on IS NOT NULL AND d.left_on IS NULL ORDER BY d.deceased_on) AS deaths ")

PERSONS_SQL = (
    _COLUMNS
    + "FROM monitor.persons p JOIN monitor.households h USING (household_id) WHERE p.resident_id = ANY($1::text[])")


HOUSEHOLDS_OF_SQL = (
    _COLUMNS
    + "FROM monitor.persons hit JOIN monitor.persons p ON p.household_id = hit.household_id "
    "JOIN monitor.households h ON h.household_id = p.household_id WHERE hit.resident_id = ANY($1::text[])")


async def fetch_persons(conn: asyncpg.Connection, *, resident_ids: list[str]) -> dict[str, asyncpg.Record]:
    """Registry rows by resident ID, with what the matcher compares and what the rules need."""
    return {r["resident_id"]: r for r in await conn.fetch(PERSONS_SQL, resident_ids)} if resident_ids else {}


async def fetch_households_of(conn: asyncpg.Connection, *, resident_ids: list[str]) -> dict[str, asyncpg.Record]:
    """fetch_persons' rows for the people with these IDs and every member of their households
    (the matcher compares a record with all of them: issue 15, a relative's ID), one round trip."""
    return {r["resident_id"]: r for r in await conn.fetch(HOUSEHOLDS_OF_SQL, resident_ids)} if resident_ids else {}


async def find_members(conn: asyncpg.Connection, *, resident_ids: list[str]) -> People:
    return members_of(await fetch_persons(conn, resident_ids=resident_ids))


async def lock_households(conn: asyncpg.Connection, *, household_ids: list[str]) -> None:
    """Row locks in a fixed order: two monitor instances never assess one household at once."""
    await conn.execute("SELECT 1 FROM monitor.households WHERE household_id = ANY($1::text[]) "
                       "ORDER BY household_id FOR UPDATE", household_ids)


async def household_exists(conn: asyncpg.Connection, household_id: str, *, counties: frozenset[str] | None = None) -> bool:
    """Whether the registry has the household, in one of `counties` (None: any county)."""
    return bool(await conn.fetchval("SELECT 1 FROM monitor.households WHERE household_id = $1 AND "
                                    + in_counties("county_code", 2), household_id, codes(counties)))


async def person_in_counties(conn: asyncpg.Connection, resident_id: str, counties: frozenset[str]) -> bool:
    """Whether the registry person `resident_id` belongs to a household of one of `counties`."""
    return bool(await conn.fetchval("SELECT 1 FROM monitor.persons p JOIN monitor.households h USING (household_id) "
                                    "WHERE p.resident_id = $1 AND " + in_counties("h.county_code", 2),
                                    resident_id, codes(counties)))


async def income_and_workers(conn: asyncpg.Connection, household_id: str) -> asyncpg.Record:
    """(income_per_capita_yuan, able): the household's income and how many of its living members, still listed, can work."""
    return await conn.fetchrow(
        "SELECT h.income_per_capita_yuan, count(*) FILTER (WHERE p.able_to_work AND p.deceased_on IS NULL AND p.left_on IS NULL) AS able "
        "FROM monitor.households h JOIN monitor.persons p USING (household_id) WHERE h.household_id = $1 "
        "GROUP BY h.income_per_capita_yuan", household_id)
