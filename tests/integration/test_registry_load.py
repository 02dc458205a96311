"""The monitor's registry loader takes households from any source, not only the synthetic
generator (offline tooling): rows in, counts out, the matcher's blocking keys rebuilt."""
from datetime import date
from decimal import Decimal

import asyncpg
import pytest
from stdnum.cn import ric

from services.monitor.registry.load import copy_registry
from services.monitor.registry.rows import Household, Person

VILLAGE = "653101101201"


def _id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def _household(seq: int, income: str, names: list[str]) -> Household:
    hid = f"{VILLAGE}{seq:04d}"
    born = [date(1980 + i, seq, i + 1) for i in range(len(names))]
    # GB 11643-1999: region, birth date, sequence (odd 17th digit for a man), check character.
    persons = tuple(Person(_id(f"653101{b:%Y%m%d}{seq:02d}{i + 1}"), hid, name, "MF"[i % 2], b,
                           "head" if i == 0 else "child", True, i == 0)
                    for i, (name, b) in enumerate(zip(names, born)))
    return Household(hid, VILLAGE[:6], VILLAGE[:9], VILLAGE, "formerly_poor", len(persons), Decimal(income),
                     2025, persons)


ROWS = [_household(1, "7999.99", ["艾力·吐尔逊", "古丽·艾力"]),
        _household(2, "8000.00", ["王建国"]),
        _household(3, "4200.50", ["买买提·依明", "阿依古丽·买买提", "热合曼·买买提"])]


async def _counts(dsn: str) -> tuple[int, int, int]:
    conn = await asyncpg.connect(dsn)
    try:
        return (await conn.fetchval("SELECT count(*) FROM monitor.households"),
                await conn.fetchval("SELECT count(*) FROM monitor.persons"),
                await conn.fetchval("SELECT count(DISTINCT resident_id) FROM monitor.match_keys"))
    finally:
        await conn.close()


async def test_a_list_of_rows_is_loaded_with_its_counts_and_match_keys(empty_registry):
    stats = await copy_registry(empty_registry, ROWS, progress=False, chunk_households=2)
    assert (stats.households, stats.persons) == (3, 6)
    assert (stats.under_line, stats.under_line_persons) == (2, 5)  # 8,000.00 is not under the line
    assert await _counts(empty_registry) == (3, 6, 6)


async def test_a_second_load_replaces_the_first(empty_registry):
    await copy_registry(empty_registry, ROWS, progress=False)
    stats = await copy_registry(empty_registry, iter(ROWS[1:]), progress=True, total_households=2)
    assert (stats.households, stats.persons) == (2, 4)
    assert await _counts(empty_registry) == (2, 4, 4)


async def test_an_error_in_the_source_reaches_the_caller(empty_registry):
    def broken():
        yield ROWS[0]
        raise ValueError("source broke")

    with pytest.raises(ValueError, match="source broke"):
        await copy_registry(empty_registry, broken(), progress=False, chunk_households=1)


async def test_a_resident_id_twice_is_refused_by_the_database(empty_registry):
    twin = ROWS[1]._replace(household_id=f"{VILLAGE}0009",
                            persons=tuple(p._replace(household_id=f"{VILLAGE}0009") for p in ROWS[1].persons))
    with pytest.raises(asyncpg.UniqueViolationError):
        await copy_registry(empty_registry, [ROWS[1], twin], progress=False)
