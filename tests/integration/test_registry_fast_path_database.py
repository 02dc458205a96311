"""The registry loaded from one CSV export by the column-wise path (fast_read + fast_load's COPY
of polars CSV text) and by the row-by-row path (read_export + load.copy_into) holds the very
same rows in PostgreSQL, for names and values whose CSV text is awkward (quotes, commas,
backslashes, tabs, white space inside, full-width digits, odd date and amount spellings)."""
from datetime import date

import asyncpg

from services.monitor.registry.export_apply import apply_households
from services.monitor.registry.export_layouts import load_export_mapping
from services.monitor.registry.export_reading import read_export
from services.monitor.registry.fast_read import FastRead, fast_read
from tests.unit.registry_exports import Export, family

LAYOUTS = load_export_mapping()
KW = dict(income_year=2025, on=date(2026, 1, 1))
AWKWARD = ['艾力"大"', "a,b", "back\\slash", "\\.", "tab\there", "古丽\u00a0买买提", "NULL", "\\N", "x" * 300,
           "'; DROP", "𠀀emoji😀", "a\u2028b"]


def awkward_export() -> Export:
    houses = [family(n) for n in range(1, 13)]
    for house, name in zip(houses, AWKWARD):
        house.members[1].name = name
    houses[0].income, houses[1].income, houses[2].income = "１２３４.５", "1234.500", "0"
    houses[3].members[0].born, houses[4].members[0].born = "1980/3/12", "19800312"
    houses[5].members[0].resident_id = houses[5].members[0].resident_id.lower()
    return Export(houses)


async def table_rows(dsn: str) -> tuple[list, list]:
    conn = await asyncpg.connect(dsn)
    try:
        return ([tuple(r) for r in await conn.fetch("SELECT * FROM monitor.households ORDER BY household_id")],
                [tuple(r) for r in await conn.fetch("SELECT * FROM monitor.persons ORDER BY resident_id")])
    finally:
        await conn.close()


async def test_both_paths_load_the_same_rows_into_the_registry(empty_registry, tmp_path):
    paths = awkward_export().write_two(tmp_path)
    fast, slow = fast_read(paths, LAYOUTS, layout=None, **KW), read_export(paths, LAYOUTS, **KW)
    assert slow.errors == [] and isinstance(fast, FastRead), fast
    await apply_households(empty_registry, fast.households, export_name="x", dry_run=False)
    by_columns = await table_rows(empty_registry)
    conn = await asyncpg.connect(empty_registry)
    try:
        await conn.execute("TRUNCATE monitor.persons, monitor.households CASCADE")
    finally:
        await conn.close()
    await apply_households(empty_registry, slow.households, export_name="x", dry_run=False)
    by_rows = await table_rows(empty_registry)
    assert len(by_rows[1]) == 48 and by_columns == by_rows


async def test_a_database_failure_in_the_fast_copy_leaves_the_registry_as_it_was(empty_registry, tmp_path):
    """The command on a plain CSV export takes the column-wise path (no "reading row by row" on
    stderr); a rule of the database that only the last person breaks fails its persons COPY
    after the households are in: nothing stays, the dropped keys and indexes are back."""
    import subprocess
    import sys
    from pathlib import Path

    export = Export([family(n) for n in range(1, 40)])
    last = export.houses[-1].members[-1]
    conn = await asyncpg.connect(empty_registry)
    try:
        await conn.execute(f"ALTER TABLE monitor.persons ADD CONSTRAINT test_refuses_one CHECK (resident_id <> "
                           f"'{last.resident_id}')")
        done = subprocess.run([sys.executable, "-m", "services.monitor.registry", "import",
                               *map(str, export.write_two(tmp_path)), "--database-url", empty_registry],
                              cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=300)
        assert "reading row by row" not in done.stderr, done.stderr
        assert done.returncode == 2 and "the registry is as it was" in done.stdout, done.stdout + done.stderr
        assert await conn.fetchval("SELECT count(*) FROM monitor.households") == 0
        assert await conn.fetchval("SELECT count(*) FROM monitor.persons") == 0
        assert await conn.fetchval("SELECT count(*) FROM pg_indexes WHERE schemaname = 'monitor' AND indexname IN "
                                   "('persons_household_id_idx', 'households_pkey', 'persons_pkey')") == 3
    finally:
        await conn.close()
