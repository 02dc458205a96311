"""Spreadsheets as offices make them (issue 15): numbers typed as a year and month, one sheet per
village, headers over two rows and with units in any brackets, totals and signature rows under
the data, both burden columns, coded values in any case, IDs a spreadsheet cut to 15 digits.
Every file is built here, through the importer without a database (dry run)."""
import asyncio
import csv
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module
from itertools import chain
from pathlib import Path

import pytest
from openpyxl import Workbook

from services.monitor.decode import decode
from services.monitor.records import Decoded
from shared.kit import values as v
from shared.kit.importer import ImportRefused, import_file
from shared.kit.ingest import validate_items
from shared.kit.rows import RowEvent, summary_row
from shared.kit.sheets import write_table
from shared.topics import events_topic
from tests.unit import builders as b
from tests.unit.builders import with_check
from tests.unit.test_decode import record

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
BILLS = ["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助",
         "个人负担总金额"]
RID = [with_check(f"6531011985{m:02d}{d:02d}{s:03d}") for m, d, s in ((3, 4, 11), (7, 21, 12), (11, 2, 13),
                                                                       (1, 30, 14), (9, 9, 15), (5, 17, 16))]


def department(code: str):
    return import_module(f"services.{code}.department").DEPARTMENT


HEALTH, HOUSING = department("health_insurance"), department("housing")


def dry_run(dept, path: Path, **kw):
    return asyncio.run(import_file(dept, path, pool=None, **kw))


def report(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def bill(i: int, burden="100", *, discharge="2026-10-09", total="300") -> list:
    return [RID[i], f"阿依古丽{i}", f"JS{i:04d}", "2026-10-03", discharge, total, "150", "0", "0", burden]


def workbook(path: Path, sheets: dict[str, list[list]], *, merges: dict[str, list[str]] | None = None,
             formats: dict[str, dict[str, str]] | None = None, hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx with these sheets (rows as lists), merged ranges and number formats per sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
        for cell, fmt in (formats or {}).get(name, {}).items():
            sheet[cell].number_format = fmt
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def burdens(dept, path: Path) -> dict[str, Decimal]:
    """settlement ID -> the burden of its event, read the way the importer reads the file."""
    from shared.kit.header import locate
    from shared.kit.rows import RowReader
    from shared.kit.sheets import read_tables

    out = {}
    for table in read_tables(path):
        found = locate(table.rows, dept.layouts, None, table.merged)
        reader = RowReader(dept.code, dept.source, found.layout, found.positions, found.headers)
        for n, cells in chain(found.rest, table.rows):
            if isinstance(r := reader.read(n, cells), RowEvent):
                out[r.event.data.settlement_id] = r.event.data.personal_burden_yuan
    return out


# --- a number typed as a year and month is not an Excel serial day -------------------------------

@pytest.mark.parametrize("typed, said", [
    (2023.9, "read 2023.9: a year and month (2023年9月)"), (2023.12, "read 2023.12: a year and month (2023年12月)"),
    (2023.1, "2023年1月 or 2023年10月"), (2019.05, "read 2019.05: a year and month (2019年5月)"),
    (202304, "read 202304: a year and month (2023年4月)"), (202311.0, "read 202311: a year and month (2023年11月)"),
    ("2023.9", "read 2023.9: a year and month"), ("2023.10", "(2023年10月)"), ("2023.1", "2023年1月 or 2023年10月"),
    ("2023-09", "a year and month"), ("2023/9", "a year and month"), ("2023年9月", "a year and month"),
    ("２０２３．９", "a year and month"), ("202304", "read 202304: a year and month"),
    (2023, "read 2023: a year, not a date"), (1998.0, "a year, not a date"),
    (2023.15, "1905-07-15, which is not plausible"), (1000, "read 1000: as an Excel serial day number that is 1902"),
    (16000, "1943-10-21, which is not plausible"), (20230231, "no such day: 20230231"),
])
def test_a_plain_number_or_text_that_is_a_year_and_month_or_implausible_as_a_serial_is_refused_saying_what_was_read(
        typed, said):
    with pytest.raises(v.CellError, match=said.replace("(", r"\(").replace(")", r"\)")):
        v.parse_date(typed)


@pytest.mark.parametrize("typed, day", [(20230415, date(2023, 4, 15)), (20230415.0, date(2023, 4, 15)),
                                        (45031, date(2023, 4, 15)), (45031.5, date(2023, 4, 15)),
                                        ("45031", date(2023, 4, 15)), ("20230415", date(2023, 4, 15)),
                                        (18264, date(1950, 1, 1))])
def test_a_plain_number_is_read_as_yyyymmdd_or_as_a_plausible_serial(typed, day):
    assert v.parse_date(typed) == day


def test_a_serial_may_be_old_for_a_birth_date_but_not_in_the_future():
    assert v.parse_birth_date(1000) == date(1902, 9, 26)
    tomorrow = (date.today() + timedelta(days=1) - v.EXCEL_EPOCH).days
    with pytest.raises(v.CellError, match="not plausible"):
        v.parse_birth_date(tomorrow)
    far = (date.today() + timedelta(days=400) - v.EXCEL_EPOCH).days
    with pytest.raises(v.CellError, match="not plausible"):
        v.parse_date(far)


def test_in_a_workbook_a_date_cell_is_a_date_and_a_plain_number_a_date_only_when_plausible(tmp_path):
    rows = [BILLS, bill(0, discharge=46304), bill(1, discharge=2026.1), bill(2, discharge="2026.10"),
            bill(3, discharge=202610), bill(4, discharge=46304), bill(5, discharge=20261009)]
    path = workbook(tmp_path / "dates.xlsx", {"住院": rows}, formats={"住院": {"E2": "yyyy-mm-dd", "E4": "@"}})
    summary = dry_run(HEALTH, path)
    errors = {e.row: e for e in summary.errors}
    assert sorted(errors) == [3, 4, 5] and summary.published == 3
    assert errors[3].column == "出院日期" and errors[3].value == "2026.1" and "2026年10月" in errors[3].reason
    assert errors[4].value == "2026.10" and errors[4].reason.startswith("read 2026.10: a year and month (2026年10月)")
    assert errors[5].reason.startswith("read 202610: a year and month")


def test_in_a_csv_file_a_year_and_month_is_a_row_error_with_what_was_read(tmp_path):
    write_table(tmp_path / "d.csv", BILLS, [bill(0, discharge="2023.9"), bill(1, discharge="2026-10-09"),
                                           bill(2, discharge="46304")], encoding="gb18030")
    summary = dry_run(HEALTH, tmp_path / "d.csv")
    assert [(e.row, e.value) for e in summary.errors] == [(2, "2023.9")] and summary.published == 2
    assert [x["reason"] for x in report(summary.report)][0].startswith("read 2023.9: a year and month")


# --- one sheet per village -------------------------------------------------------------------------

def test_every_sheet_with_a_known_layout_is_read_with_rows_numbered_by_sheet_and_the_others_are_named(tmp_path):
    path = workbook(tmp_path / "villages.xlsx", {
        "说明": [["本表按村分页填报"], ["数据截至2026年10月"]],
        "阿瓦提村": [["阿瓦提村 住院结算明细"], BILLS, bill(0), bill(1, discharge="2026-02-30")],
        "Sheet3": [],
        "托万克村": [BILLS, bill(2, "120"), bill(3, "130", total="-5"), bill(4)],
        "藏起来的": [BILLS, bill(5)],
    }, hidden=("藏起来的",))
    summary = dry_run(HEALTH, path)
    assert summary.sheets == ["阿瓦提村", "托万克村"] and summary.published == 3 and summary.rows == 5
    assert [name for name, _ in summary.skipped_sheets] == ["说明", "Sheet3", "藏起来的"]
    assert dict(summary.skipped_sheets)["Sheet3"] == "empty" and dict(summary.skipped_sheets)["藏起来的"] == "hidden"
    assert [(e.sheet, e.row) for e in summary.errors] == [("阿瓦提村", 4), ("托万克村", 3)]
    lines = report(summary.report)
    assert list(lines[0]) == ["sheet", "row", "column", "value", "reason"]
    bad = [(x["sheet"], x["row"], x["column"]) for x in lines if not x["reason"].startswith(("skipped", "sheet"))]
    assert bad == [("阿瓦提村", "4", "出院日期"), ("托万克村", "3", "医疗总费用")]
    assert {x["sheet"] for x in lines if x["reason"].startswith("sheet skipped")} == {"说明", "Sheet3", "藏起来的"}


def test_a_workbook_with_only_hidden_or_chart_sheets_besides_an_empty_one_is_refused(tmp_path):
    book = Workbook()
    book.active.title = "空白"
    book.create_chartsheet("图表")
    hidden = book.create_sheet("数据")
    hidden.append(BILLS)
    hidden.append(bill(0))
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "c.xlsx")
    with pytest.raises(ImportRefused, match="空白: empty; 图表: a chart sheet; 数据: hidden"):
        dry_run(HEALTH, tmp_path / "c.xlsx")


def test_a_sheet_that_nearly_fits_is_an_error_of_the_file_not_a_silent_skip(tmp_path):
    path = workbook(tmp_path / "v.xlsx", {"一村": [BILLS, bill(0)], "二村": [BILLS[:-2] + ["备注"], bill(1)[:-2]]})
    summary = dry_run(HEALTH, path)
    assert summary.published == 1 and summary.bad_rows == 1
    assert [(e.sheet, e.row, e.column, e.reason) for e in summary.errors] == [
        ("二村", 1, "医疗救助", "required column not found"), ("二村", 1, "个人自付", "required column not found")]


def test_the_same_key_on_two_sheets_names_the_other_sheet(tmp_path):
    changed = bill(0, "90")
    summary = dry_run(HEALTH, workbook(tmp_path / "k.xlsx", {"一村": [BILLS, bill(0)], "二村": [BILLS, bill(1), changed]}))
    assert [(e.sheet, e.row, e.reason) for e in summary.errors] == [
        ("二村", 3, "same 结算单号 JS0000 as row 2 of sheet 一村 but other values")]


def test_a_workbook_without_any_known_sheet_is_refused_naming_each_sheet(tmp_path):
    path = workbook(tmp_path / "n.xlsx", {"封面": [["2026年10月"]], "数据": [["编号", "金额"], ["1", "2"]], "空": []})
    with pytest.raises(ImportRefused, match="no sheet of the workbook has a known header row; 封面: ") as refused:
        dry_run(HEALTH, path)
    assert "数据: " in str(refused.value) and "空: empty" in str(refused.value)


def test_a_single_sheet_workbook_keeps_the_four_column_report(tmp_path):
    summary = dry_run(HEALTH, workbook(tmp_path / "one.xlsx", {"Sheet1": [BILLS, bill(0, discharge="x")]}))
    assert list(report(summary.report)[0]) == ["row", "column", "value", "reason"] and summary.sheets == ["Sheet1"]


# --- headers over two rows, units in brackets --------------------------------------------------------

TWO_ROW = [["喀什地区 住院结算明细（2026年10月）"] + [None] * 10,
           ["序号", "身份证号", "姓名", "结算单号", "住院时间", None, "费用情况（单位：元）", None, None, None, "个人负担"],
           [None, None, None, None, "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "总金额"]]


def test_a_header_over_two_rows_with_merged_group_cells_is_recognised_and_group_plus_name_read(tmp_path):
    data = [[1, *bill(0, "88")], [2, *bill(1, "77")]]
    path = workbook(tmp_path / "two.xlsx", {"住院": TWO_ROW + data},
                    merges={"住院": ["A1:K1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:J2", "K2:K2"]})
    summary = dry_run(HEALTH, path)
    assert (summary.published, summary.errors, summary.ignored_columns) == (2, [], ["序号"])
    assert burdens(HEALTH, path) == {"JS0000": Decimal("88.00"), "JS0001": Decimal("77.00")}


def test_a_two_row_header_in_a_csv_takes_the_group_from_its_first_cell(tmp_path):
    header = [["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "费用", "", "", "", "个人负担", ""],
              ["", "", "", "", "", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "总金额", "自付"]]
    write_table(tmp_path / "two.csv", header[0], [header[1], bill(0, "66") + ["10"]], encoding="utf-8-sig")
    summary = dry_run(HEALTH, tmp_path / "two.csv")
    assert summary.errors == [] and burdens(HEALTH, tmp_path / "two.csv") == {"JS0000": Decimal("66.00")}
    assert "个人负担自付" in summary.ignored_columns


@pytest.mark.parametrize("unit", ["（元）", "【元】", "(单位:元)", "[元]", " （单位：元）"])
@pytest.mark.parametrize("order", [("自付", "总金额"), ("总金额", "自付")])
def test_a_unit_on_the_group_cell_is_the_unit_of_the_columns_below_it(tmp_path, unit, order):
    header = [["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "费用", "", "", "", "个人负担" + unit, ""],
              ["", "", "", "", "", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", *order]]
    row = bill(0, "2100", total="3000") + ["600"] if order[0] == "总金额" else bill(0, "600", total="3000") + ["2100"]
    write_table(tmp_path / "u.csv", header[0], [header[1], row], encoding="gb18030")
    assert burdens(HEALTH, tmp_path / "u.csv") == {"JS0000": Decimal("2100.00")}


def test_a_group_cell_in_wan_yuan_refuses_the_columns_below_it(tmp_path):
    header = [["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "费用", "", "", "", "个人负担（万元）", ""],
              ["", "", "", "", "", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "总金额", "自付"]]
    write_table(tmp_path / "w.csv", header[0], [header[1], bill(0, "0.21") + ["0.06"]], encoding="utf-8-sig")
    with pytest.raises(ImportRefused, match="万元"):
        dry_run(HEALTH, tmp_path / "w.csv")


@pytest.mark.parametrize("order", [("自付", "总金额"), ("总金额", "自付")])
def test_a_group_row_that_is_complete_on_its_own_still_takes_the_names_below_it(tmp_path, order):
    """个人负担 alone matches the burden column: without the row below, 自付 would be read as it."""
    upper = BILLS[:-1] + ["个人负担", None]
    lower = [None] * 9 + list(order)
    values = {"自付": "30", "总金额": "70"}
    rows = [upper, lower, bill(0)[:-1] + [values[o] for o in order]]
    xlsx = workbook(tmp_path / "g.xlsx", {"S": rows}, merges={"S": ["J1:K1"] + [f"{c}1:{c}2" for c in "ABCDEFGHI"]})
    write_table(tmp_path / "g.csv", upper, rows[1:])
    for path in (xlsx, tmp_path / "g.csv"):
        summary = dry_run(HEALTH, path)
        assert summary.errors == [] and summary.published == 1, path
        assert burdens(HEALTH, path) == {"JS0000": Decimal("70.00")}


def test_a_header_with_an_empty_cell_keeps_the_row_below_it_as_data(tmp_path):
    write_table(tmp_path / "e.csv", BILLS + [""], [bill(0) + [""], bill(1) + [""]])
    summary = dry_run(HEALTH, tmp_path / "e.csv")
    assert summary.published == 2 and summary.errors == []
    path = workbook(tmp_path / "m.xlsx", {"S": [["标题"] * 11, BILLS + ["备注"], bill(0), bill(1)]}, merges={"S": ["J2:K2"]})
    assert dry_run(HEALTH, path).published == 2


def test_a_merged_title_above_a_one_row_header_is_not_read_as_a_group(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"S": [["住院结算明细"] + [None] * 9, BILLS, bill(0)]}, merges={"S": ["A1:J1"]})
    summary = dry_run(HEALTH, path)
    assert summary.published == 1 and summary.ignored_columns == []


@pytest.mark.parametrize("unit", ["（元）", "(元)", "【元】", "[元]", "〔元〕", "（单位：元）", "(单位:元)", "［元］", " (元) ",
                                  "/元", "（人民币元）"])
def test_headers_with_a_yuan_unit_in_any_brackets_are_recognised(tmp_path, unit):
    header = [h + unit if i >= 5 else h for i, h in enumerate(BILLS)]
    write_table(tmp_path / "u.csv", header, [bill(0, "12.5")])
    summary = dry_run(HEALTH, tmp_path / "u.csv")
    assert summary.errors == [] and burdens(HEALTH, tmp_path / "u.csv") == {"JS0000": Decimal("12.50")}


@pytest.mark.parametrize("unit", ["（万元）", "【万元】", "(单位：万元)"])
def test_an_amount_column_in_wan_yuan_is_refused_rather_than_read_as_yuan(tmp_path, unit):
    header = BILLS[:5] + ["医疗总费用" + unit] + BILLS[6:]
    write_table(tmp_path / "w.csv", header, [bill(0)])
    with pytest.raises(ImportRefused, match=r"gives amounts in 万元 \(ten thousand yuan\).*name it 医疗总费用"):
        dry_run(HEALTH, tmp_path / "w.csv")


def test_a_unit_that_is_not_yuan_does_not_make_a_header_match(tmp_path):
    write_table(tmp_path / "x.csv", BILLS[:5] + ["医疗总费用（美元）"] + BILLS[6:], [bill(0)])
    with pytest.raises(ImportRefused, match="lacks 医疗总费用"):
        dry_run(HEALTH, tmp_path / "x.csv")


# --- totals, signature and footer rows -----------------------------------------------------------------

@pytest.mark.parametrize("cells", [["合计", "", "", "", "", "", "900", "450"], ["合 计"], ["", "合计：", None, "900"],
                                   ["小计"], ["总计（元）", None, "3"], ["　共计３人"], ["制表人：张三"],
                                   [None, "审核人：李四", "", "联系电话：0998-1234567"], ["填报单位：阿瓦提村委会"],
                                   ["联系电话: 0998 1234567"], ["填表日期：2023年9月"], ["备注：本表由村委会填报"],
                                   ["本页合计", "", "1200"], ["全村 合计："], ["本月小计"], ["全乡总计（元）"], ["本季度合计"],
                                   ["审核：王五"], ["制表：赵六"], ["复核人：钱七"]])
def test_totals_and_footer_rows_are_recognised_by_their_first_cells(cells):
    assert summary_row(7, cells) is not None


@pytest.mark.parametrize("cells", [[RID[0], "阿依古丽", "合计"], ["1", RID[0], "张三", "合计"], ["备注", "身份证号"],
                                   ["阿合计江"], ["买合计·吐尔逊"], ["艾合计米"], ["审核"], [], [None, None],
                                   ["2026-10-01", 3.0, "小计"]])
def test_a_row_is_not_a_totals_row_because_a_later_cell_or_a_name_contains_the_word(cells):
    assert summary_row(7, cells) is None


def test_totals_and_footer_rows_are_skipped_and_reported_as_skipped_not_as_bad_rows(tmp_path):
    rows = [[1, *bill(0)], [2, *bill(1)], ["小计", None, None, None, None, None, "600", "300", "0", "0", "200"],
            [3, *bill(2)], [], ["合  计", None, None, None, None, None, "900", "450", "0", "0", "300"], [],
            ["制表人：张三", None, None, None, "审核人：李四"], ["填报单位：阿瓦提村委会"], ["联系电话：0998-1234567"],
            ["填表日期：2026年10月31日"], [4, *bill(3)]]
    write_table(tmp_path / "t.csv", ["序号", *BILLS], rows, title="住院结算明细", encoding="gb18030")
    summary = dry_run(HEALTH, tmp_path / "t.csv")
    assert (summary.published, summary.errors, summary.bad_rows) == (4, [], 0)
    assert [e.row for e in summary.skipped] == [5, 8, 10, 11, 12, 13]
    assert summary.skipped[1].value == "合  计" and summary.skipped[1].reason == "skipped: a totals row (合计), not data"
    lines = report(summary.report)
    assert [int(x["row"]) for x in lines] == [5, 8, 10, 11, 12, 13]
    assert all(x["reason"].startswith("skipped: ") for x in lines)


def test_an_import_where_only_totals_and_footers_were_skipped_exits_0(tmp_path):
    write_table(tmp_path / "ok.csv", ["序号", *BILLS], [[1, *bill(0)], ["合计", "", "", "", "", "", "300"],
                                                       ["制表人：张三"]])
    done = subprocess.run([sys.executable, "-m", "services.health_insurance", "import", str(tmp_path / "ok.csv"),
                           "--dry-run"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rows skipped (totals, signatures, footers; not bad rows): rows 3, 4" in done.stdout


# --- the person's total burden, whatever the column order ----------------------------------------------

@pytest.mark.parametrize("columns, expected", [
    (["个人自付", "个人负担总金额"], "70.00"), (["个人负担总金额", "个人自付"], "70.00"),
    (["个人自付（元）", "个人负担总金额（元）"], "70.00"), (["个人负担", "个人自付"], "70.00"),
    (["个人自付", "个人负担"], "70.00"), (["个人自付"], "30.00"), (["个人负担总金额"], "70.00"),
])
def test_the_burden_read_is_the_total_personal_burden_and_gerenzifu_only_when_it_is_the_sole_one(
        tmp_path, columns, expected):
    values = {"个人自付": "30", "个人负担总金额": "70", "个人负担": "70"}
    header = BILLS[:-1] + columns
    write_table(tmp_path / "b.csv", header, [bill(0)[:-1] + [values[c.split("（")[0]] for c in columns]])
    summary = dry_run(HEALTH, tmp_path / "b.csv")
    assert summary.errors == [] and burdens(HEALTH, tmp_path / "b.csv") == {"JS0000": Decimal(expected)}
    if len(columns) == 2:
        assert summary.ignored_columns == [next(c for c in columns if c.startswith("个人自付"))]


# --- coded values folded on every way in ---------------------------------------------------------------

APPRAISALS = ["户主身份证号", "户主姓名", "鉴定编号", "鉴定日期", "鉴定等级"]


def test_housing_grades_and_genders_in_any_case_or_width_are_folded_in_files(tmp_path):
    typed = ["c", "Ｃ", "ｃ级", "d级", "D 级", "b"]
    write_table(tmp_path / "h.csv", APPRAISALS, [[RID[i], f"买买提{i}", f"JD{i}", "2026-10-02", g]
                                                 for i, g in enumerate(typed)] + [[RID[0], "x", "JD9", "2026-10-02", "E级"]])
    summary = dry_run(HOUSING, tmp_path / "h.csv")
    assert [(e.row, e.value) for e in summary.errors] == [(8, "E级")] and summary.published == 6
    from shared.kit.header import locate
    from shared.kit.rows import RowReader
    from shared.kit.sheets import read_table
    table = read_table(tmp_path / "h.csv")
    found = locate(table.rows, HOUSING.layouts)
    reader = RowReader("housing", HOUSING.source, found.layout, found.positions, found.headers)
    grades = [r.event.data.grade for n, c in table.rows if isinstance(r := reader.read(n, c), RowEvent)]
    assert grades == ["C", "C", "C", "D", "D", "B"]
    gender = HEALTH.layouts["hospital_bills"].columns["gender"]
    assert [gender.read(x) for x in ("男", "女", "m", "Ｆ", "M")] == ["M", "F", "M", "F", "M"]


@pytest.mark.parametrize("typed, grade", [("c", "C"), ("Ｃ", "C"), ("ｃ级", "C"), ("d级", "D"), (" b ", "B"), ("A级", "A")])
def test_housing_grades_are_folded_on_kafka_and_over_http(typed, grade):
    event = json.loads(b.housing("C").model_dump_json())
    event["data"]["grade"] = typed
    decoded = decode(record(events_topic("housing"), json.dumps(event).encode()))
    assert isinstance(decoded, Decoded) and decoded.event.data.grade == grade
    events, errors = validate_items(HOUSING, [event])
    assert errors == [] and events[0].data.grade == grade
    assert json.loads(events[0].model_dump_json())["data"]["grade"] == grade  # what is published is canonical


def test_an_unknown_grade_is_still_refused_over_http():
    event = json.loads(b.housing("C").model_dump_json())
    event["data"]["grade"] = "E级"
    _, errors = validate_items(HOUSING, [event])
    assert errors and "'A', 'B', 'C' or 'D'" in json.dumps(errors, ensure_ascii=False)


# --- IDs a spreadsheet cut to 15 digits ------------------------------------------------------------------

def ids_ending_in_000() -> tuple[str, str]:
    """(valid, invalid): 18-character IDs ending in 000, one whose check character happens to be 0."""
    valid = invalid = None
    for day in range(1, 400):
        born = date(1970, 1, 1) + timedelta(days=day)
        first17 = f"653101{born:%Y%m%d}" + "100"
        check = with_check(first17)[-1]
        if check == "0" and valid is None:
            valid = first17 + "0"
        elif check != "0" and invalid is None:
            invalid = first17[:-2] + "00" + "0"
            if with_check(invalid[:17])[-1] == "0":
                invalid = None
        if valid and invalid:
            return valid, invalid
    raise AssertionError("no ID found")


def test_ids_cut_by_a_spreadsheet_are_reported_with_their_rows_and_never_pass_silently(tmp_path):
    valid, invalid = ids_ending_in_000()
    assert v.cut_by_spreadsheet(valid) and valid.endswith("000")
    rows = [bill(0), [valid, *bill(1)[1:]], [invalid, *bill(2)[1:]], [float(RID[3][:15] + "000"), *bill(3)[1:]],
            bill(4)]
    path = workbook(tmp_path / "ids.xlsx", {"S": [BILLS, *rows]})
    summary = dry_run(HEALTH, path)
    assert summary.cut_ids == [("S", 3), ("S", 4), ("S", 5)]
    assert summary.published == 3 and [e.row for e in summary.errors] == [4, 5]
    assert "check character" in summary.errors[0].reason and "ends in 000" in summary.errors[0].reason
    assert summary.errors[1].reason.startswith("resident ID was stored as a number")
    [warning] = summary.warnings
    assert (warning.row, warning.column, warning.value) == (3, "身份证号", valid)
    assert "does not link it on the ID alone" in warning.reason
    lines = report(summary.report)
    assert [int(x["row"]) for x in lines] == [3, 4, 5] and lines[0]["reason"].startswith("warning: ")


def test_a_csv_with_ids_in_scientific_notation_is_a_bad_row_each_and_listed(tmp_path):
    write_table(tmp_path / "e.csv", BILLS, [["6.53101E+17", *bill(0)[1:]], ["6.53101199001011E17", *bill(1)[1:]],
                                           bill(2)])
    summary = dry_run(HEALTH, tmp_path / "e.csv")
    assert [e.row for e in summary.errors] == [2, 3] and summary.cut_ids == [("", 2), ("", 3)]
    assert all(e.reason.startswith("resident ID was stored as a number") for e in summary.errors)


def test_the_command_warns_of_cut_ids_with_their_rows_and_exits_0_when_they_were_imported(tmp_path):
    valid, _ = ids_ending_in_000()
    write_table(tmp_path / "w.csv", BILLS, [bill(0), [valid, *bill(1)[1:]]])
    done = subprocess.run([sys.executable, "-m", "services.health_insurance", "import", str(tmp_path / "w.csv"),
                           "--dry-run"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning:" in done.stdout and "in rows 3;" in " ".join(done.stdout.split())
    assert valid not in done.stderr


# --- the mapping: birth dates and stand-in headers ------------------------------------------------------

def _mapping(tmp_path: Path, columns: str) -> Path:
    from tests.unit.test_import_mapping import BASE

    path = tmp_path / "import_mapping.yaml"
    path.write_text(BASE % columns, encoding="utf-8")
    return path


def test_a_birth_date_column_reads_old_serials_where_an_event_date_refuses_them(tmp_path):
    from shared.kit.mapping import load_mapping

    layout = load_mapping(_mapping(tmp_path, "      birth_date: {headers: [出生日期], required: false}"),
                          HOUSING.event_models)["appraisals"]
    assert layout.columns["birth_date"].kind == "birth_date"
    assert layout.columns["birth_date"].read(1000) == date(1902, 9, 26)
    with pytest.raises(v.CellError, match="not plausible"):
        layout.columns["appraised_on"].read(1000)


def test_a_stand_in_header_must_be_one_of_the_columns_headers(tmp_path):
    from shared.kit.mapping import MappingError, load_mapping

    path = _mapping(tmp_path, "      village_code: {headers: [村代码], required: false, stand_in: [行政区划代码]}")
    with pytest.raises(MappingError, match="stand_in"):
        load_mapping(path, HOUSING.event_models)
