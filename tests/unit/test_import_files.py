"""Department spreadsheets through the importer without a database (dry run): every bad row
reported with its row and reason, the good ones turned into the same events whatever the file
format and however often the file is read."""
import asyncio
import csv
import json
import re
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import pytest

from shared.contracts.catalog import DEPARTMENTS as CATALOG
from shared.kit.importing.file_import import import_file
from shared.kit.importing.summary import ImportRefused
from shared.kit.spreadsheet.files.reading import read_table
from shared.kit.spreadsheet.files.writing import write_table
from shared.kit.spreadsheet.header.locate import locate
from shared.kit.spreadsheet.rows.reader import RowReader
from shared.kit.spreadsheet.rows.results import RowEvent
from tests.unit.builders import with_check
from tooling.simulate.defects import DEFECTS
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.people import SimPerson

pytestmark = pytest.mark.unit

DEPARTMENTS = tuple(d.code for d in CATALOG)  # every folder of the catalog, a new one too
MONTH = date(2026, 10, 1)


def department(code: str):
    return import_module(f"services.{code}.department").DEPARTMENT


@pytest.fixture(scope="module")
def people() -> list[SimPerson]:
    rng = Random(3)
    out = []
    for i in range(400):
        born = date.fromordinal(date(1955, 1, 1).toordinal() + rng.randrange(365 * 60))
        out.append(SimPerson(with_check(f"653101{born:%Y%m%d}{i:03d}"), f"古丽·艾买提{i}", rng.choice("MF"), born,
                             "653101100201", f"653101100201{i:04d}", i % 3 == 0))
    return out


def dry_run(dept, path: Path, **kw):
    return asyncio.run(import_file(dept, path, pool=None, **kw))


def report_lines(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("code", DEPARTMENTS)
def test_bad_rows_of_every_kind_are_reported_with_row_column_and_reason_and_the_rest_become_events(code, people,
                                                                                                     tmp_path):
    dept = department(code)
    written = write_month_file(dept, people, MONTH, 60, 11, tmp_path / "month.xlsx", bad_rate=0.3)
    summary = dry_run(dept, tmp_path / "month.xlsx")
    assert set(written.defects) >= set(DEFECTS) - {"bad_amount", "negative_amount", "dates_out_of_order"}
    assert {e.row for e in summary.errors} == set(written.bad_rows)
    assert summary.rows == 60 and summary.published == 60 - len(written.bad_rows) == len(summary.event_ids)
    lines = report_lines(summary.report)
    assert summary.report == tmp_path / "month.errors.csv"
    assert {int(x["row"]) for x in lines} == set(written.bad_rows)
    assert all(x["reason"] for x in lines)
    headers = {c.header for layout in dept.layouts.values() for c in layout.columns.values()}
    assert all(x["column"] in headers | {""} for x in lines)


def test_each_kind_of_bad_health_insurance_row_gets_its_own_reason(people, tmp_path):
    dept = department("health_insurance")
    written = write_month_file(dept, people, MONTH, 40, 2, tmp_path / "bills.xlsx", bad_rate=0.25)
    reasons = {written.bad_rows[e.row]: (e.column, e.reason) for e in dry_run(dept, tmp_path / "bills.xlsx").errors}
    assert reasons["bad_check_character"] == ("身份证号", "resident ID check character does not match (GB 11643-1999)")
    assert reasons["id_as_number"][1].startswith("resident ID was stored as a number")
    assert reasons["blank_name"] == ("姓名", "required: the cell is empty")
    assert reasons["impossible_date"][0] == "出院日期" and reasons["impossible_date"][1].startswith("no such day")
    assert reasons["unreadable_date"][1].startswith("not a date")
    assert reasons["future_date"] == ("出院日期", "the date must not be in the future: it is when the event happened "
                                                  "in the department")
    assert reasons["bad_amount"][0] == "医疗总费用" and reasons["negative_amount"][1] == "amount must not be negative"
    assert reasons["unknown_code"] == ("性别", "Input should be 'M' or 'F' (the file may write 男、女)")
    assert reasons["dates_out_of_order"] == ("", "出院日期 is before 入院日期")


@pytest.mark.parametrize("code", DEPARTMENTS)
def test_csv_in_gb18030_utf8_with_bom_and_utf8_gives_the_same_events_as_the_spreadsheet(code, people, tmp_path):
    dept = department(code)
    results = {}
    for name, encoding in (("month.xlsx", "utf-8"), ("gb.csv", "gb18030"), ("bom.csv", "utf-8-sig"), ("plain.csv", "utf-8")):
        written = write_month_file(dept, people, MONTH, 30, 4, tmp_path / name, bad_rate=0.1, encoding=encoding)
        summary = dry_run(dept, tmp_path / name)
        results[name] = (summary.event_ids, {e.row for e in summary.errors}, set(written.bad_rows))
    assert (tmp_path / "gb.csv").read_bytes().decode("gb18030").startswith(dept.name_zh)
    assert (tmp_path / "bom.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    ids, reported, bad = results["month.xlsx"]
    assert len(ids) == 27 and reported == bad
    assert all(r == (ids, bad, bad) for r in results.values())


def events_of(dept, path: Path) -> list:
    """The events of a file's good rows, read the way the importer reads them."""
    table = read_table(path)
    found = locate(table.rows, dept.layouts)
    reader = RowReader(dept.code, dept.source, found.layout, found.positions, found.headers)
    return [r.event for n, cells in table.rows if isinstance(r := reader.read(n, cells), RowEvent)]


def test_reading_the_same_rows_twice_gives_byte_identical_events(people, tmp_path):
    dept = department("civil_affairs")
    write_month_file(dept, people, MONTH, 25, 9, tmp_path / "a.xlsx")
    first, second = ([e.model_dump_json() for e in events_of(dept, tmp_path / "a.xlsx")] for _ in range(2))
    assert first == second and len(set(first)) == 25


HEADER = ["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "个人自付"]


def test_a_hand_typed_bill_becomes_the_canonical_event(tmp_path):
    rid = with_check("65310119900101123")
    write_table(tmp_path / "bill.csv", HEADER, [[rid, "阿卜杜拉·买买提", "JS0001", "2026/10/3", "2026年10月9日",
                                                 "12,345.67", "8000元", "0", "345.67", "4,000.00"]], encoding="gb18030")
    summary = dry_run(department("health_insurance"), tmp_path / "bill.csv")
    assert summary.errors == [] and len(summary.event_ids) == 1
    [event] = events_of(department("health_insurance"), tmp_path / "bill.csv")
    assert event.id == summary.event_ids[0] and event.source == "/kashgar/health_insurance"
    assert event.time == datetime(2026, 10, 9, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    data = json.loads(event.model_dump_json())["data"]
    assert data["personal_burden_yuan"] == "4000.00" and data["total_cost_yuan"] == "12345.67"
    assert event.data.admission_date == date(2026, 10, 3) and event.data.critical_illness_yuan == Decimal("0.00")
    assert event.data.person.resident_id == rid


def test_a_row_without_a_resident_id_is_kept_only_where_the_layout_has_a_village_to_match_by(tmp_path, people):
    """Without an ID the monitor matches by name, gender, birth date and village (issue 3); a layout
    without a village column (hospital bills) cannot be matched that way, so the ID is required there."""
    rid = with_check("65310119900101123")
    wrong = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    rows = [["", "阿卜杜拉·买买提", "JS0002", "2026-10-03", "2026-10-09", "300", "200", "0", "0", "100"],
            [wrong, "阿卜杜拉", "JS0003", "2026-10-03", "2026-10-09", "300", "200", "0", "0", "100"]]
    write_table(tmp_path / "no-id.csv", HEADER, rows)
    summary = dry_run(department("health_insurance"), tmp_path / "no-id.csv")
    assert summary.event_ids == [] and [e.row for e in summary.errors] == [2, 3]
    assert "no village" in summary.errors[0].reason and "check character" in summary.errors[1].reason

    housing = department("housing")
    write_month_file(housing, people, MONTH, 5, 3, tmp_path / "h.csv", bad_rate=0.0)
    at = locate(read_table(tmp_path / "h.csv").rows, housing.layouts).positions["resident_id"]
    rows = [list(cells) for _, cells in read_table(tmp_path / "h.csv").rows]
    header = next(i for i, r in enumerate(rows) if len(r) > at and str(r[at]).endswith("身份证号"))
    rows[header + 1][at] = ""
    write_table(tmp_path / "h2.csv", rows[header], rows[header + 1:])
    events = events_of(housing, tmp_path / "h2.csv")
    assert len(events) == 5 and events[0].data.person.resident_id is None and events[0].data.person.village_code


def test_a_repeated_row_is_counted_once_and_a_changed_repeat_is_reported(tmp_path):
    rid = with_check("65310119900101123")
    row = [rid, "阿卜杜拉", "JS0001", "2026-10-03", "2026-10-09", "300", "200", "0", "0", "100"]
    changed = row[:5] + ["300", "100", "0", "0", "200"]
    write_table(tmp_path / "r.csv", HEADER, [row, row, changed])
    summary = dry_run(department("health_insurance"), tmp_path / "r.csv")
    assert (summary.published, summary.repeated, summary.bad_rows) == (1, 1, 1)
    assert summary.errors[0].row == 4 and summary.errors[0].reason == "same 结算单号 JS0001 as row 2 but other values"


def test_blank_rows_are_skipped_and_not_counted(tmp_path):
    rid = with_check("65310119900101123")
    write_table(tmp_path / "b.csv", HEADER, [[], ["", " ", ""], [rid, "阿卜杜拉", "JS1", "2026-10-03", "2026-10-09",
                                                                  "300", "200", "0", "0", "100"], []])
    summary = dry_run(department("health_insurance"), tmp_path / "b.csv")
    assert (summary.rows, summary.published, summary.errors) == (1, 1, [])


@pytest.mark.parametrize("content, reason", [
    (b"\xd5\xc5\x80\x80 neither UTF-8 nor GB18030", "not text in utf-8 or gb18030"),
    ("日期,金额\n2026-01-01,3\n".encode("gb18030"), "no header row in the first 20 rows"),
    ("姓名,日期\n张三,2026-01-01\n".encode("gb18030"), "row 1 looks like the header of 断保人员名单 (insurance_lapses) "
                                                     "but lacks 身份证号、参保年度、统计日期"),
])
def test_a_file_that_cannot_be_imported_is_refused_and_the_report_says_why(tmp_path, content, reason):
    (tmp_path / "x.csv").write_bytes(content)
    with pytest.raises(ImportRefused, match=re.escape(reason)) as refused:
        dry_run(department("health_insurance"), tmp_path / "x.csv")
    lines = report_lines(refused.value.summary.report)
    assert reason in lines[0]["reason"] or lines[0]["reason"] == "required column not found"


def test_a_missing_column_is_reported_by_its_header(tmp_path):
    write_table(tmp_path / "m.xlsx", HEADER[:-1], [])
    with pytest.raises(ImportRefused) as refused:
        dry_run(department("health_insurance"), tmp_path / "m.xlsx")
    assert report_lines(refused.value.summary.report) == [
        {"row": "1", "column": "个人自付", "value": "", "reason": "required column not found"}]


def test_a_spreadsheet_that_is_not_one_is_refused(tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRefused, match="not a readable Excel workbook"):
        dry_run(department("housing"), tmp_path / "fake.xlsx")
