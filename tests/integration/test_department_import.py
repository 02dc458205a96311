"""Monthly spreadsheets imported through each department's command line into the running
system: bad rows reported with row and reason, good rows published once and processed by the
monitor with byte-identical content, a second import (of the same rows in any format) a no-op."""
import asyncio
import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from shared import topics
from shared.kit.importer import import_file
from shared.kit.monthly_file import write_month_file
from shared.kit.people import SimPerson
from tests.integration.system import DEPARTMENTS, REPO
from tests.integration.test_end_to_end import USED

MONTH = date(2026, 10, 1)


async def registry_people(db, n: int) -> list[SimPerson]:
    """One person (the youngest, so education has pupils) from each of n households no other test uses."""
    rows = await db.fetch(
        "SELECT * FROM (SELECT DISTINCT ON (p.household_id) p.resident_id, p.name, p.gender, p.birth_date, "
        "h.village_code, p.household_id, p.main_earner FROM monitor.persons p JOIN monitor.households h "
        "USING (household_id) WHERE NOT (p.household_id = ANY($1::text[])) "
        "ORDER BY p.household_id, p.birth_date DESC) x ORDER BY md5(household_id) LIMIT $2", list(USED), n)
    USED.update(r["household_id"] for r in rows)
    return [SimPerson(*r) for r in rows]


def import_cli(system, department: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", f"services.{department}", "import", str(path)], env=system.env,
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def department(code: str):
    from importlib import import_module

    return import_module(f"services.{code}.department").DEPARTMENT


async def good_ids(code: str, path: Path) -> list[str]:
    """The IDs the good rows must get, from a dry run in this process."""
    return (await import_file(department(code), path, pool=None, report=path.with_suffix(".dry.csv"))).event_ids


async def wait_processed(db, ids: list[str], timeout_s: float = 30) -> None:
    for _ in range(int(timeout_s * 10)):
        if await db.fetchval("SELECT count(*) FROM monitor.processed_events WHERE event_id = ANY($1)", ids) == len(ids):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the monitor did not process every imported event")


def report_rows(path: Path) -> set[int]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {int(line["row"]) for line in csv.DictReader(f)}


async def outbox_top(db, code: str) -> int:
    return await db.fetchval(f"SELECT coalesce(max(id), 0) FROM {code}.outbox")


@pytest.mark.parametrize("code", DEPARTMENTS)
async def test_a_monthly_spreadsheet_publishes_its_good_rows_once_and_reports_each_bad_one(system, db, tmp_path, code):
    path = tmp_path / f"{code}-2026-10.xlsx"
    written = write_month_file(department(code), await registry_people(db, 40), MONTH, 30, 21, path, bad_rate=0.34)
    expected = await good_ids(code, path)
    assert len(expected) == 30 - len(written.bad_rows) and len(written.defects) >= 7
    before = await outbox_top(db, code)

    first = import_cli(system, code, path)
    assert first.returncode == 1, first.stdout + first.stderr  # some rows were bad
    assert f"published {len(expected)} · already published before 0" in first.stdout
    assert report_rows(tmp_path / f"{code}-2026-10.errors.csv") == set(written.bad_rows)
    await wait_processed(db, expected)
    # What left the department is exactly the good rows, and the monitor holds the same bytes.
    sent = await db.fetch(f"SELECT value FROM {code}.outbox WHERE id > $1 AND topic = $2", before,
                          topics.events_topic(code))
    assert len(sent) == len(expected)
    same = await db.fetchval(
        f"SELECT count(*) FROM monitor.processed_events m JOIN {code}.published_events d USING (event_id) "
        "WHERE event_id = ANY($1) AND m.content_sha256 = d.content_sha256", expected)
    assert same == len(expected)

    again = import_cli(system, code, path)
    assert f"published 0 · already published before {len(expected)}" in again.stdout, again.stdout + again.stderr
    assert await outbox_top(db, code) == before + len(expected)
    assert report_rows(tmp_path / f"{code}-2026-10.errors.csv") == set(written.bad_rows)


async def test_gb18030_and_bom_csv_files_import_and_the_same_rows_in_another_encoding_publish_nothing(
        system, db, tmp_path):
    people = await registry_people(db, 30)
    gb = write_month_file(department("employment"), people, MONTH, 20, 33, tmp_path / "gb.csv", bad_rate=0.1,
                          encoding="gb18030")
    write_month_file(department("employment"), people, MONTH, 20, 33, tmp_path / "bom.csv", bad_rate=0.1,
                     encoding="utf-8-sig")
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    expected = await good_ids("employment", tmp_path / "gb.csv")
    before = await outbox_top(db, "employment")
    first = import_cli(system, "employment", tmp_path / "gb.csv")
    assert f"published {len(expected)} ·" in first.stdout and report_rows(tmp_path / "gb.errors.csv") == set(gb.bad_rows)
    await wait_processed(db, expected)
    sent = [json.loads(r["value"]) for r in await db.fetch("SELECT value FROM employment.outbox WHERE id > $1", before)]
    assert {e["data"]["person"]["name"] for e in sent} <= {p.name for p in people}  # Chinese read, not mojibake
    second = import_cli(system, "employment", tmp_path / "bom.csv")
    assert f"published 0 · already published before {len(expected)}" in second.stdout, second.stdout
