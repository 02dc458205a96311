"""The registry from the monitoring system's export against the real PostgreSQL (issue 10,
parts 1-3): an export with bad rows of every kind applies nothing and reports each with its row;
a clean export is loaded by COPY, queryable, and the monitor links a hospital bill to a person
from it through its batch core; --dry-run applies nothing; a database failure mid-load leaves
the registry as it was. Every person is synthetic."""
import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import asyncpg

from services.monitor.batch import process_batch
from services.monitor.policy import load_policy
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from shared import topics
from tests.integration import events as ev
from tests.unit.registry_exports import Export, family

REPO = Path(__file__).resolve().parents[2]
POLICY = load_policy()


def run_import(dsn: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.monitor.registry", "import", *map(str, args),
                           "--database-url", dsn, "--no-progress"], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


async def counts(dsn: str) -> tuple[int, int, int]:
    conn = await asyncpg.connect(dsn)
    try:
        return (await conn.fetchval("SELECT count(*) FROM monitor.households"),
                await conn.fetchval("SELECT count(*) FROM monitor.persons"),
                await conn.fetchval("SELECT count(*) FROM monitor.match_keys"))
    finally:
        await conn.close()


def bad_export() -> Export:
    """Good households and one bad row of every kind, each in a household of its own."""
    houses = [family(i) for i in range(1, 15)]
    houses[1].members[1].resident_id = houses[1].members[1].resident_id[:-1] + "Y"  # not a check character
    houses[2].members[2].resident_id = houses[2].members[1].resident_id  # the same ID twice in one household
    houses[2].members[2].gender = houses[2].members[2].born = ""
    houses[3].members[0].resident_id = houses[0].members[0].resident_id  # another household's head
    houses[4].members[0].relation = "其他"  # no head
    houses[5].members[1].relation = "户主"  # two heads
    houses[6].declared = 6  # 家庭人口数 disagrees
    houses[7].village, houses[7].county, houses[7].township = "653299201203", "", ""  # outside Kashgar
    houses[8].income = "-50"  # negative income
    houses[9].income = "五千"  # not a number
    houses[10].members[0].gender = "女"  # disagrees with the ID
    houses[11].kind = "一般农户"
    houses[11].category = "边缘易致贫户"  # not monitored, yet a category
    stray = family(99)
    return Export(houses, extra_member_rows=[stray.members[0].cells(stray.hid)])


EXPECTED_BAD = {  # (file, row, column) of each bad row above
    ("members.csv", 7, "证件号码"), ("members.csv", 12, "证件号码"), ("members.csv", 14, "证件号码"),
    ("members.csv", 18, "与户主关系"), ("members.csv", 23, "与户主关系"), ("households.csv", 8, "家庭人口数"),
    ("households.csv", 9, "村代码"), ("households.csv", 10, "人均纯收入"), ("households.csv", 11, "人均纯收入"),
    ("members.csv", 42, "性别"), ("households.csv", 13, "监测对象类别"), ("members.csv", 58, "户编号"),
}


async def test_an_export_with_bad_rows_of_every_kind_applies_nothing_and_reports_each_row(empty_registry, tmp_path):
    paths = bad_export().write_two(tmp_path)
    done = run_import(empty_registry, *paths)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"households=15 persons=57 bad_rows={len(EXPECTED_BAD)}"
    reported = set()
    for path in paths:
        with open(path.with_name(f"{path.stem}.errors.csv"), encoding="utf-8-sig") as f:
            reported |= {(r["file"], int(r["row"]), r["column"]) for r in csv.DictReader(f)}
    assert reported == EXPECTED_BAD
    assert await counts(empty_registry) == (0, 0, 0)


async def test_a_clean_export_is_loaded_queryable_and_the_monitor_links_a_bill_to_its_person(empty_registry,
                                                                                           tmp_path):
    export = Export([family(i, kind="监测户", category="边缘易致贫户", income="6,500.00") if i == 3 else family(i)
                     for i in range(1, 6)])
    done = run_import(empty_registry, *export.write_two(tmp_path, suffix=".xlsx"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "households=5 persons=20 bad_rows=0"
    assert "first load by COPY" in done.stdout
    assert await counts(empty_registry) == (5, 20, 60)  # three match keys per person
    conn = await asyncpg.connect(empty_registry)
    try:
        poor = export.houses[2]
        row = await conn.fetchrow("SELECT h.category, h.monitoring_category, h.declared_members, h.risk_eliminated, "
                                  "h.income_per_capita_yuan, p.relation, p.main_earner, p.labour_skill, "
                                  "p.basic_medical_insurance FROM monitor.persons p JOIN monitor.households h "
                                  "USING (household_id) WHERE p.resident_id = $1", poor.members[0].resident_id)
        assert tuple(row) == ("marginal", "marginal", 4, None, Decimal("6500.00"), "head", True, "ordinary", True)
        indexes = {r["indexname"] for r in await conn.fetch("SELECT indexname FROM pg_indexes WHERE schemaname = "
                                                            "'monitor' AND tablename IN ('persons', 'households')")}
        assert {"persons_household_id_idx", "households_village_code_idx"} <= indexes
        registered = await conn.fetchrow("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code "
                                         "FROM monitor.persons p JOIN monitor.households h USING (household_id) "
                                         "WHERE p.resident_id = $1", poor.members[0].resident_id)
        bill = ev.hospital_bill(ev.person(dict(registered)), Decimal("30000.00"))
        record = InboundRecord(topics.events_topic("health_insurance"), 0, 1, b"k", bill.model_dump_json().encode())
        async with conn.transaction():
            result = await process_batch(PgStore(conn), [record], POLICY, "integration-test-secret-0123456789")
        assert result.counts["linked"] == 1
        linked = await conn.fetchval("SELECT household_id FROM monitor.household_events WHERE event_id = $1", bill.id)
        assert linked == poor.hid
        assert await conn.fetchval("SELECT count(*) FROM monitor.alerts WHERE household_id = $1", poor.hid) == 1
    finally:
        await conn.close()


async def test_a_dry_run_applies_nothing(empty_registry, tmp_path):
    done = run_import(empty_registry, *Export([family(1), family(2)]).write_one(tmp_path), "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "households=2 persons=8 bad_rows=0"
    assert "nothing applied" in done.stdout
    assert await counts(empty_registry) == (0, 0, 0)


async def test_a_database_failure_in_the_middle_of_the_load_leaves_the_registry_as_it_was(empty_registry, tmp_path):
    export = Export([family(i) for i in range(1, 30)])
    last = export.houses[-1].members[-1]
    conn = await asyncpg.connect(empty_registry)
    try:
        # A rule of the database that only the last person breaks: COPY fails after most rows are in.
        await conn.execute(f"ALTER TABLE monitor.persons ADD CONSTRAINT test_refuses_one CHECK (resident_id <> "
                           f"'{last.resident_id}')")
        done = run_import(empty_registry, *export.write_two(tmp_path))
        assert done.returncode == 2, done.stdout + done.stderr
        assert "the database failed" in done.stdout and "as it was" in done.stdout
        assert last.resident_id not in done.stdout + done.stderr
        assert await counts(empty_registry) == (0, 0, 0)
        assert await conn.fetchval("SELECT count(*) FROM pg_indexes WHERE indexname = 'persons_household_id_idx'") == 1
    finally:
        await conn.close()


async def test_a_re_import_through_the_command_is_applied_as_a_difference(empty_registry, tmp_path):
    first = run_import(empty_registry, *Export([family(1), family(2)]).write_two(tmp_path))
    assert first.returncode == 0, first.stdout + first.stderr
    newer = Export([family(1), family(3)])  # household 2 left the export, household 3 is new
    again = run_import(empty_registry, *newer.write_two(tmp_path / "second"))
    assert again.returncode == 0, again.stdout + again.stderr
    # The members of a household that left go with it: counted in households_left, not members_removed.
    assert ("re-import as a difference: households_added=1 households_left=1 members_added=4 members_removed=0 "
            "members_moved=0 households_changed=0") in again.stdout
    assert again.stdout.splitlines()[-1] == "households=2 persons=8 bad_rows=0"
    conn = await asyncpg.connect(empty_registry)
    try:
        left = await conn.fetch("SELECT household_id FROM monitor.households WHERE left_on IS NOT NULL")
        assert [r["household_id"] for r in left] == [family(2).hid]  # marked as left, never deleted
        assert await conn.fetchval("SELECT count(*) FROM monitor.households") == 3
    finally:
        await conn.close()
    same = run_import(empty_registry, *newer.write_two(tmp_path / "third"))
    assert "households_added=0 households_left=0 members_added=0 members_removed=0 members_moved=0 " \
           "households_changed=0" in same.stdout, same.stdout + same.stderr


async def test_the_demo_writes_its_synthetic_registry_as_an_export_and_loads_it_through_the_command(
        empty_registry, tmp_path):
    from deploy.demo.registry import import_export
    from tooling.registry.export_file import write_export
    from tooling.registry.generate import generate

    paths, households, persons = write_export(tmp_path, generate(400, 11))
    line = import_export(empty_registry, paths)
    assert line.endswith(f"households={households} persons={persons} bad_rows=0")
    assert await counts(empty_registry) == (households, persons, 3 * persons)
