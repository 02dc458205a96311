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
from shared.kit.importing.file_import import import_file
from tests.integration.system import DEPARTMENTS, REPO
from tests.integration.test_end_to_end import USED
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.people import SimPerson
from shared.kafka_security import client_options

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


async def _department_events(bootstrap: str, code: str, ids: set[str], timeout_s: float = 30) -> dict[str, dict]:
    """The events with these IDs as Kafka holds them on the department's topic."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(topics.events_topic(code), **client_options(bootstrap), auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    found: dict[str, dict] = {}
    try:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while len(found) < len(ids) and asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for r in records:
                    event = json.loads(r.value)
                    if event["id"] in ids:
                        found[event["id"]] = event
    finally:
        await consumer.stop()
    return found


def _office_workbook(path: Path, people: list[SimPerson]) -> dict[str, tuple[str, str]]:
    """Two village sheets as an office makes them, and a notes sheet: the first with a title, a
    one-row header with units in brackets and 个人自付 before 个人负担总金额; the second with a
    header over two rows (merged groups, 个人负担 over 自付 / 总金额), a subtotal between its rows,
    totals and signature rows under the data. settlement ID -> (自付, 个人负担总金额)."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "阿瓦提村"
    first.append(["阿瓦提村 住院结算明细（2026年10月）"])
    first.merge_cells("A1:K1")
    first.append(["序号", "身份证号", "姓名", "结算单号", "入院日期", "出院日期", "医疗总费用（元）", "统筹基金支付【元】",
                  "大病保险支付〔元〕", "医疗救助(单位:元)", "个人自付（元）", "个人负担总金额（元）"])
    burden = {}
    for i, p in enumerate(people[:3]):
        sid = f"IMP-{p.resident_id[-8:]}-{i}"
        first.append([i + 1, p.resident_id, p.name, sid, "2026-10-02", "2026/10/8", "5,000.00", "3000", "500", "200",
                      f"{300 + i}.00", f"{1300 + i}.00"])
        burden[sid] = (f"{300 + i}.00", f"{1300 + i}.00")
    first.append(["合 计", None, None, None, None, None, "15000.00", "9000", "1500", "600", "903.00", "3903.00"])
    first.append(["制表人：艾力", None, None, None, "审核人：古丽", None, "填表日期：2026年11月2日"])
    second = book.create_sheet("托万克村")
    second.append(["序号", "身份证号", "姓名", "结算单号", "住院时间", None, "费用情况（元）", None, None, None,
                   "个人负担", None])
    second.append([None, None, None, None, "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助",
                   "自付", "总金额"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:J1", "K1:L1"):
        second.merge_cells(cells)
    for i, p in enumerate(people[3:6]):
        sid = f"IMP-{p.resident_id[-8:]}-{i + 3}"
        second.append([i + 1, p.resident_id, p.name, sid, "2026年10月3日", "20261009", 8000, 5000, 800, 400,
                       f"{100 + i}.50", f"{1800 + i}.00"])
        burden[sid] = (f"{100 + i}.50", f"{1800 + i}.00")
        if i == 1:
            second.append(["小计", None, None, None, None, None, 16000, 10000, 1600, 800, "201.50", "3601.00"])
    second.append([])
    second.append(["总计", None, None, None, None, None, 24000, 15000, 2400, 1200, "304.50", "5403.00"])
    second.append(["填报单位：托万克村委会", None, None, None, "联系电话：0998-1234567"])
    book.create_sheet("说明").append(["本表按村分页，金额单位：元"])
    book.save(path)
    return burden


async def test_an_office_workbook_of_village_sheets_imports_end_to_end_with_the_total_burden_on_kafka(
        system, db, tmp_path):
    """Issue 15 section 3 through the real broker: two village sheets (one with a two-row header),
    units in brackets, totals and footer rows skipped and reported, both burden columns."""
    path = tmp_path / "村医保-2026-10.xlsx"
    burden = _office_workbook(path, await registry_people(db, 6))
    expected = await good_ids("health_insurance", path)
    assert len(expected) == 6

    done = import_cli(system, "health_insurance", path)
    assert done.returncode == 0, done.stdout + done.stderr  # only totals and footers were skipped
    out = " ".join(done.stdout.split())
    assert "published 6 · already published before 0" in out and "bad 0" in out
    assert "sheets read: 阿瓦提村、托万克村" in out and "sheet skipped: 说明" in out
    assert "rows skipped (totals, signatures, footers; not bad rows): 阿瓦提村 row 6, 阿瓦提村 row 7, 托万克村 row 5, " \
           "托万克村 row 8, 托万克村 row 9" in out
    with open(tmp_path / "村医保-2026-10.errors.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.DictReader(f))
    assert {(x["sheet"], x["row"]) for x in lines if x["reason"].startswith("skipped")} == {
        ("阿瓦提村", "6"), ("阿瓦提村", "7"), ("托万克村", "5"), ("托万克村", "8"), ("托万克村", "9")}
    assert all(x["reason"].startswith(("skipped", "sheet skipped")) for x in lines)

    on_kafka = await _department_events(system.bootstrap, "health_insurance", set(expected))
    assert len(on_kafka) == 6
    assert {e["data"]["settlement_id"]: e["data"]["personal_burden_yuan"] for e in on_kafka.values()} == {
        sid: total for sid, (_, total) in burden.items()}
    await wait_processed(db, expected)


async def test_a_housing_grade_typed_in_lower_case_on_kafka_is_processed_as_the_grade(system, db):
    """Coded values are folded on Kafka as in files (issue 15): ｃ级 is grade C, not a dead letter."""
    import uuid

    from aiokafka import AIOKafkaProducer

    [person] = await registry_people(db, 1)
    event_id = str(uuid.uuid4())
    event = {"specversion": "1.0", "id": event_id, "source": "/kashgar/housing", "datacontenttype": "application/json",
             "type": "cn.kashgar.housing.housing_safety_appraised.v1", "time": "2026-10-05T12:00:00+08:00",
             "data": {"person": {"resident_id": person.resident_id, "name": person.name}, "appraised_on": "2026-10-05",
                      "grade": "ｃ级", "appraisal_id": f"JD-{event_id[:8]}"}}
    producer = AIOKafkaProducer(**client_options(system.bootstrap))
    await producer.start()
    try:
        await producer.send_and_wait(topics.events_topic("housing"), json.dumps(event, ensure_ascii=False).encode(),
                                     key=event_id.encode())
    finally:
        await producer.stop()
    await wait_processed(db, [event_id])
    dead = [d for d in system.reader.values(topics.DEADLETTER) if event_id in json.dumps(d)]
    assert dead == []
