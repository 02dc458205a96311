"""The set's registered people as registry rows, and writing them into the registry's tables."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import asyncpg

from services.monitor.matching.blocking.keys import county_date_key, village_initial_key, village_year_key
from services.monitor.matching.names.sound import initial

from .people import Family

_HOUSEHOLD_COLUMNS = ("household_id", "county_code", "township_code", "village_code", "category", "members",
                      "income_per_capita_yuan", "income_year")
_PERSON_COLUMNS = ("resident_id", "household_id", "name", "gender", "birth_date", "relation", "able_to_work",
                   "main_earner")
_KEY_COLUMNS = ("block_key", "resident_id", "household_id", "name", "gender", "birth_date", "village_code")


def registry_rows(families: Sequence[Family]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(households, persons, match keys) rows of the registered members, in the tables' columns."""
    households, persons, keys = [], [], []
    for fam in families:
        registered = [p for p in fam.people if p.registered]
        v = fam.village_code
        households.append((fam.household_id, v[:6], v[:9], v, "general", len(registered), Decimal("9000.00"), 2025))
        for p in registered:
            persons.append((p.resident_id, fam.household_id, p.name, p.gender, p.birth_date, p.relation, True,
                            p.relation == "head"))
            for key in (village_year_key(v, p.birth_date.year), county_date_key(v[:6], p.birth_date),
                        village_initial_key(v, initial(p.name))):
                keys.append((key, p.resident_id, fam.household_id, p.name, p.gender, p.birth_date, v))
    return households, persons, keys


async def write_families(conn: asyncpg.Connection, families: Sequence[Family]) -> None:
    """COPY the families into monitor.households, persons and match_keys (inside the caller's transaction)."""
    households, persons, keys = registry_rows(families)
    await conn.copy_records_to_table("households", schema_name="monitor", records=households,
                                     columns=_HOUSEHOLD_COLUMNS)
    await conn.copy_records_to_table("persons", schema_name="monitor", records=persons, columns=_PERSON_COLUMNS)
    await conn.copy_records_to_table("match_keys", schema_name="monitor", records=keys, columns=_KEY_COLUMNS)
