"""Registry people to make records from, in a seeded order."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg


@dataclass(frozen=True)
class RegistryPerson:
    resident_id: str
    name: str
    gender: str
    birth_date: date
    village_code: str


PEOPLE_SQL = """
SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code
FROM monitor.persons p JOIN monitor.households h USING (household_id)
ORDER BY md5(p.resident_id || $1::text) LIMIT $2
"""


async def sample_people(conn: asyncpg.Connection, n: int, seed: int) -> list[RegistryPerson]:
    """n registry people in a seeded pseudo-random order (the same seed gives the same people)."""
    return [RegistryPerson(*r) for r in await conn.fetch(PEOPLE_SQL, str(seed), n)]
