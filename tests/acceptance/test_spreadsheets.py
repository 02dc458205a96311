"""Acceptance: department spreadsheets as offices make them (issue part 3, and the file side of
part 2), through the importer's dry run and the `import FILE --dry-run` command.

Headers are those of services/health_insurance and services/housing import_mapping.yaml.
Every person is synthetic; IDs carry valid GB 11643 check characters.
"""
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.acceptance.files import (BILL_HEADER, HOUSING_HEADER, import_cli, import_in_process, is_skip_note,
                                    write_csv, write_xlsx)
from tests.acceptance.ids import rid, with_check

pytestmark = pytest.mark.unit

VILLAGE = "653125203201"
EPOCH = date(1899, 12, 30)  # Excel's day 0 for serials from 61 on


def person_id(i: int) -> str:
    return rid("653125", date(1960, 1, 1) + timedelta(days=97 * i), 100 + i)


def bill_row(i: int, *, admission="2026-10-01", discharge="2026-10-06", total="5000.00", basic="3000.00",
             critical="500.00", assistance="200.00", burden="1300.00") -> list:
    return [person_id(i), f"阿卜杜热依木·吐送{i}", f"JS2026{i:05d}", admission, discharge, total, basic, critical,
            assistance, burden]


def by_settlement(events) -> dict:
    return {e.data.settlement_id: e for e in events}


# --- dates typed as year.month or yyyymm, and real date cells -----------------------------------------

def test_year_month_numbers_in_a_date_column_are_bad_rows_not_1905(tmp_path, monkeypatch):
    rows = [bill_row(1, discharge=2023.9),      # row 2
            bill_row(2, discharge=2023.1),      # row 3: 2023.10 as Excel stores it
            bill_row(3, admission=2023.12, discharge=datetime(2026, 10, 6)),  # row 4
            bill_row(4, discharge=202304),      # row 5: yyyymm
            bill_row(5, admission=202309, discharge=202310),  # row 6
            bill_row(6, discharge=2026.1),      # row 7
            bill_row(7),                        # row 8: good
            bill_row(8, admission=2023.9, discharge=2023.1)]  # row 9: both read as 1905-07-15 today
    path = write_xlsx(tmp_path / "bills.xlsx", [("住院结算", [BILL_HEADER, *rows])])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == {2, 3, 4, 5, 6, 7, 9}
    assert [e.data.settlement_id for e in got.events] == ["JS202600007"]
    assert all(e.data.discharge_date.year > 2000 and e.data.admission_date.year > 2000 for e in got.events)


@pytest.mark.parametrize("typed, shown", [(2023.9, "2023.9"), (2023.1, "2023.1"), (202304, "202304"),
                                          (2024.11, "2024.11"), (202609, "202609")])
def test_the_error_says_what_was_read(tmp_path, monkeypatch, typed, shown):
    path = write_xlsx(tmp_path / "bills.xlsx", [("住院结算", [BILL_HEADER, bill_row(1, admission=typed)])])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.events == [] and got.bad_rows == {2}
    errors = [e for e in got.summary.errors if e.column == "入院日期"]
    assert errors and any(shown in f"{e.value} {e.reason}" for e in errors)


def test_date_cells_and_serials_formatted_as_dates_are_read_as_dates(tmp_path, monkeypatch):
    rows = [bill_row(1, admission=46293, discharge=46298),        # formatted as dates below
            bill_row(2, admission=datetime(2026, 9, 28, 8, 30), discharge=date(2026, 10, 2)),
            bill_row(3, admission="2026年9月27日", discharge="2026/10/1"),
            bill_row(4, admission="2026.9.26", discharge="20260930")]
    formats = {("住院结算", "D2"): "yyyy-mm-dd", ("住院结算", "E2"): "yyyy/m/d"}
    path = write_xlsx(tmp_path / "bills.xlsx", [("住院结算", [BILL_HEADER, *rows])], formats=formats)
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == set()
    found = {k: (e.data.admission_date, e.data.discharge_date) for k, e in by_settlement(got.events).items()}
    assert found == {"JS202600001": (EPOCH + timedelta(46293), EPOCH + timedelta(46298)),
                     "JS202600002": (date(2026, 9, 28), date(2026, 10, 2)),
                     "JS202600003": (date(2026, 9, 27), date(2026, 10, 1)),
                     "JS202600004": (date(2026, 9, 26), date(2026, 9, 30))}


def test_an_unformatted_serial_in_the_columns_plausible_range_is_still_a_date(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "bills.xlsx", [("住院结算", [BILL_HEADER, bill_row(1, admission=46290,
                                                                                   discharge=46297)])])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == set()
    assert got.events[0].data.discharge_date == EPOCH + timedelta(46297) == date(2026, 10, 2)


def test_year_month_text_in_a_gb18030_csv_is_a_bad_row(tmp_path, monkeypatch):
    rows = [bill_row(1, discharge="2023.9"), bill_row(2, discharge="202304"), bill_row(3, discharge="2023.10"),
            bill_row(4, discharge="2026.10.6")]
    path = write_csv(tmp_path / "bills.csv", [BILL_HEADER, *rows])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == {2, 3, 4}
    assert [e.data.discharge_date for e in got.events] == [date(2026, 10, 6)]


# --- one sheet per village ------------------------------------------------------------------------------

def village_sheets():
    return [
        ("阿瓦提村", [BILL_HEADER, bill_row(1), bill_row(2), bill_row(3)]),
        ("托万村", [BILL_HEADER, bill_row(4), bill_row(5, total="abc"), bill_row(6)]),  # row 3 of this sheet is bad
        ("巴格万村", [["住院结算明细（巴格万村）"], BILL_HEADER, bill_row(7), bill_row(8)]),
    ]


UNRELATED = ("填表说明", [["填表说明"], ["1. 身份证号请设置为文本格式"], ["2. 金额单位为元"]])
SUMMARY_SHEET = ("汇总", [["村名", "人次", "金额"], ["阿瓦提村", 3, 3900], ["托万村", 3, 3900]])


def test_every_village_sheet_is_read_and_the_other_sheets_are_named(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "bills.xlsx", [*village_sheets(), UNRELATED, SUMMARY_SHEET])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert sorted(e.data.settlement_id for e in got.events) == [f"JS2026{i:05d}" for i in (1, 2, 3, 4, 6, 7, 8)]
    assert len(got.bad_rows) == 1
    cli = import_cli("health_insurance", path)
    assert cli.returncode == 1, cli.output
    assert "填表说明" in cli.everything and "汇总" in cli.everything  # skipped sheets are named


def test_a_bad_row_on_a_later_sheet_is_reported_with_its_sheets_row_number(tmp_path):
    path = write_xlsx(tmp_path / "bills.xlsx", village_sheets())
    cli = import_cli("health_insurance", path)
    bad = [line for line in cli.report if not is_skip_note(line)]
    assert len(bad) == 1, cli.report
    text = " ".join(str(v) for v in bad[0].values())
    assert "托万村" in text  # the sheet is named with the row
    assert re.search(r"(?<!\d)3(?!\d)", bad[0]["row"]), bad[0]  # the row as that sheet numbers it


def test_a_workbook_whose_first_sheet_is_instructions_is_not_refused(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "bills.xlsx", [UNRELATED, ("阿瓦提村", [BILL_HEADER, bill_row(1), bill_row(2)])])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert [e.data.settlement_id for e in got.events] == ["JS202600001", "JS202600002"]
    cli = import_cli("health_insurance", path)
    assert cli.returncode != 2, cli.output
    assert "填表说明" in cli.everything


def test_two_village_sheets_with_the_same_settlement_layout_and_different_title_rows(tmp_path, monkeypatch):
    sheets = [(f"{name}村", [[f"{name}村 2026年10月"], [], BILL_HEADER, bill_row(10 + i), bill_row(20 + i)])
              for i, name in enumerate(["英艾日克", "喀群", "阿尔斯兰巴格"])]
    got = import_in_process("health_insurance", write_xlsx(tmp_path / "v.xlsx", sheets), monkeypatch)
    assert got.bad_rows == set() and len(got.events) == 6


# --- a header over two rows -------------------------------------------------------------------------------

GROUPS = ["身份证号", "姓名", "结算单号", "住院日期", None, "费用信息（元）", None, None, None, None]
NAMES = [None, None, None, "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "个人自付"]
MERGES = ["A1:J1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:J2"]


def test_a_header_over_two_rows_with_merged_cells_is_recognised(tmp_path, monkeypatch):
    rows = [["住院结算明细（2026年10月）"], GROUPS, NAMES, bill_row(1), bill_row(2), bill_row(3, total="x"), bill_row(4)]
    path = write_xlsx(tmp_path / "two.xlsx", [("Sheet1", rows)], merges={"Sheet1": MERGES})
    got = import_in_process("health_insurance", path, monkeypatch)
    assert [e.data.settlement_id for e in got.events] == ["JS202600001", "JS202600002", "JS202600004"]
    assert got.bad_rows == {6}
    first = got.events[0].data
    assert (first.person.resident_id, first.total_cost_yuan, first.personal_burden_yuan) == (
        person_id(1), Decimal("5000.00"), Decimal("1300.00"))


def test_a_two_row_header_with_group_cells_over_every_column_is_recognised(tmp_path, monkeypatch):
    groups = ["参保人信息", None, "结算信息", None, None, "费用信息（单位：元）", None, None, None, None]
    path = write_xlsx(tmp_path / "groups.xlsx", [("Sheet1", [groups, BILL_HEADER, bill_row(1), bill_row(2)])],
                      merges={"Sheet1": ["A1:B1", "C1:E1", "F1:J1"]})
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == set() and len(got.events) == 2


def test_a_two_row_header_in_a_gb18030_csv_is_recognised(tmp_path, monkeypatch):
    rows = [["住院结算明细"], GROUPS, NAMES, bill_row(1), bill_row(2)]
    got = import_in_process("health_insurance", write_csv(tmp_path / "two.csv", rows), monkeypatch)
    assert got.bad_rows == set() and [e.data.settlement_id for e in got.events] == ["JS202600001", "JS202600002"]


# --- totals, signatures and footers after the data ----------------------------------------------------------

FOOTERS = [
    ["合 计", None, None, None, None, "15000.00", "9000.00", "1500.00", "600.00", "3900.00"],
    [None, "小计", None, None, None, "15000.00", None, None, None, "3900.00"],
    ["总计：", None, None, None, None, 15000, None, None, None, 3900],
    ["制表人：张建华", None, None, "审核人：李明"],
    ["填报单位：莎车县医疗保障局（盖章）"],
    ["联系电话：0998-8512345"],
    ["填表日期：2026年10月"],
    ["审核人:", "王芳"],
]


def test_totals_and_footer_rows_are_skipped_not_bad_and_the_import_exits_0(tmp_path, monkeypatch):
    rows = [["住院结算明细"], BILL_HEADER, bill_row(1), bill_row(2), bill_row(3), *FOOTERS]
    path = write_xlsx(tmp_path / "bills.xlsx", [("Sheet1", rows)])
    got = import_in_process("health_insurance", path, monkeypatch)
    assert len(got.events) == 3 and got.bad_rows == set()
    cli = import_cli("health_insurance", path)
    assert cli.returncode == 0, cli.output + cli.report_text
    assert cli.report_rows() == set()
    assert re.search(r"skip|跳过|略过", cli.everything, re.IGNORECASE)  # reported as skipped


def test_footer_rows_in_a_gb18030_csv_are_skipped_too(tmp_path):
    rows = [BILL_HEADER, bill_row(1), bill_row(2), ["合计", "", "", "", "", "10000", "", "", "", "2600"],
            ["制表人：", "", "审核人：", "", "填表日期：2026年10月"], ["填报单位：莎车县医保局", "联系电话：", "0998-8512345"]]
    cli = import_cli("health_insurance", write_csv(tmp_path / "bills.csv", rows))
    assert cli.returncode == 0, cli.output + cli.report_text
    assert cli.report_rows() == set()


def test_with_a_bad_data_row_only_that_row_is_bad_and_the_footers_are_not(tmp_path):
    rows = [BILL_HEADER, bill_row(1), bill_row(2, burden="-5"), bill_row(3), *FOOTERS]
    cli = import_cli("health_insurance", write_xlsx(tmp_path / "bills.xlsx", [("Sheet1", rows)]))
    assert cli.returncode == 1, cli.output
    assert cli.report_rows() == {"3"}


def test_a_totals_row_in_the_housing_file_is_skipped(tmp_path):
    rows = [HOUSING_HEADER, housing_row(1, "C级"), housing_row(2, "D级"), ["合  计", "2户", None, None, None, None],
            ["填表人：阿依古丽", None, "填表日期：2026年10月12日"]]
    cli = import_cli("housing", write_xlsx(tmp_path / "h.xlsx", [("Sheet1", rows)]))
    assert cli.returncode == 0, cli.output + cli.report_text
    assert cli.report_rows() == set()


# --- units in other brackets ---------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["（单位：元）", "【元】", "(单位:元)", "（元）", "[元]", "（单位：元)"])
def test_amount_headers_with_units_in_other_brackets_are_recognised(tmp_path, monkeypatch, unit):
    header = BILL_HEADER[:5] + [h + unit for h in BILL_HEADER[5:]]
    got = import_in_process("health_insurance", write_xlsx(tmp_path / "u.xlsx", [("Sheet1", [header, bill_row(1)])]),
                            monkeypatch)
    assert got.bad_rows == set()
    data = got.events[0].data
    assert (data.total_cost_yuan, data.basic_insurance_yuan, data.personal_burden_yuan) == (
        Decimal("5000.00"), Decimal("3000.00"), Decimal("1300.00"))


def test_mixed_unit_brackets_in_a_gb18030_csv(tmp_path, monkeypatch):
    header = BILL_HEADER[:5] + ["医疗总费用（单位：元）", "基本医保报销【元】", "大病保险报销(元)", "医疗救助【元】",
                                "个人自付（单位：元）"]
    got = import_in_process("health_insurance", write_csv(tmp_path / "u.csv", [header, bill_row(1)]), monkeypatch)
    assert got.bad_rows == set() and got.events[0].data.medical_assistance_yuan == Decimal("200.00")


# --- the personal burden the rules use --------------------------------------------------------------------------

BOTH_HEADER_A = BILL_HEADER + ["个人负担总金额"]  # 个人自付 first
BOTH_HEADER_B = BILL_HEADER[:9] + ["个人负担总金额", "个人自付"]  # the total first


def both_row(i: int, copay: str, total_burden: str) -> list:
    return bill_row(i, burden=copay) + [total_burden]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_with_both_burden_columns_the_total_personal_burden_is_used_in_either_order(tmp_path, monkeypatch, suffix):
    rows_a = [both_row(1, "800.00", "1300.00"), both_row(2, "0", "950.50")]
    rows_b = [bill_row(3, burden="1300.00")[:9] + ["1300.00", "800.00"],
              bill_row(4, burden="2222.22")[:9] + ["2222.22", "1111.11"]]
    for name, header, rows in (("a", BOTH_HEADER_A, rows_a), ("b", BOTH_HEADER_B, rows_b)):
        path = tmp_path / f"{name}{suffix}"
        (write_xlsx(path, [("Sheet1", [header, *rows])]) if suffix == ".xlsx" else write_csv(path, [header, *rows]))
        got = import_in_process("health_insurance", path, monkeypatch)
        assert got.bad_rows == set(), got.summary.errors
        burdens = {k: e.data.personal_burden_yuan for k, e in by_settlement(got.events).items()}
        expected = {"a": {"JS202600001": Decimal("1300.00"), "JS202600002": Decimal("950.50")},
                    "b": {"JS202600003": Decimal("1300.00"), "JS202600004": Decimal("2222.22")}}[name]
        assert burdens == expected, name


def test_the_copayment_stands_in_when_it_is_the_only_burden_column(tmp_path, monkeypatch):
    got = import_in_process("health_insurance", write_xlsx(tmp_path / "c.xlsx", [
        ("Sheet1", [BILL_HEADER, bill_row(1, burden="777.70")])]), monkeypatch)
    assert got.events[0].data.personal_burden_yuan == Decimal("777.70")


def test_the_total_burden_alone_is_used(tmp_path, monkeypatch):
    header = BILL_HEADER[:9] + ["个人负担总金额"]
    got = import_in_process("health_insurance", write_xlsx(tmp_path / "t.xlsx", [
        ("Sheet1", [header, bill_row(1, burden="1234.50")])]), monkeypatch)
    assert got.events[0].data.personal_burden_yuan == Decimal("1234.50")


def test_both_burden_columns_with_units_and_the_total_in_the_middle(tmp_path, monkeypatch):
    header = BILL_HEADER[:5] + ["个人负担总金额（元）", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "个人自付(元)"]
    row = bill_row(1)[:5] + ["2100.00", "5000.00", "2500.00", "300.00", "100.00", "600.00"]
    got = import_in_process("health_insurance", write_xlsx(tmp_path / "m.xlsx", [("Sheet1", [header, row])]),
                            monkeypatch)
    assert got.bad_rows == set() and got.events[0].data.personal_burden_yuan == Decimal("2100.00")


# --- housing grades as typed ---------------------------------------------------------------------------------------

def housing_row(i: int, grade) -> list:
    return [rid("653125", date(1955, 1, 1) + timedelta(days=131 * i), 200 + i), f"买买提·托合提{i}", VILLAGE,
            f"JD2026{i:04d}", "2026-10-08", grade]


GRADES = [("c", "C"), ("Ｃ", "C"), ("ｃ级", "C"), ("d级", "D"), (" D ", "D"), ("D级", "D"), ("ｄ级", "D"), ("a", "A"),
          ("Ｂ级", "B"), ("C 级", "C")]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_housing_grades_as_typed_are_folded_in_files(tmp_path, monkeypatch, suffix):
    rows = [housing_row(i, typed) for i, (typed, _) in enumerate(GRADES, start=1)] + [housing_row(99, "E级")]
    path = tmp_path / f"h{suffix}"
    write_xlsx(path, [("Sheet1", [HOUSING_HEADER, *rows])]) if suffix == ".xlsx" else \
        write_csv(path, [HOUSING_HEADER, *rows])
    got = import_in_process("housing", path, monkeypatch)
    assert got.bad_rows == {len(GRADES) + 2}  # only E级
    assert {e.data.appraisal_id: e.data.grade for e in got.events} == {
        f"JD2026{i:04d}": grade for i, (_, grade) in enumerate(GRADES, start=1)}


# --- resident IDs a spreadsheet destroyed, and centenarians' 15-digit IDs ---------------------------------------------

def truncated_ids(n: int) -> list[str]:
    """Valid-looking 18-character IDs ending in 000 (the check character happens to be 0)."""
    out, day = [], date(1971, 3, 1)
    while len(out) < n:
        for d in "123456789":
            first17 = f"653125{day:%Y%m%d}{d}00"
            if with_check(first17).endswith("000"):
                out.append(with_check(first17))
                break
        day += timedelta(days=1)
    return out


def test_a_file_with_ids_cut_to_15_significant_digits_names_those_rows(tmp_path):
    suspicious_rows = [43, 47, 52, 58, 63]
    cut = iter(truncated_ids(len(suspicious_rows)))
    rows = []
    for n in range(2, 68):  # data rows 2..67
        row = bill_row(n)
        if n in suspicious_rows:
            row[0] = next(cut)
        rows.append(row)
    cli = import_cli("health_insurance", write_xlsx(tmp_path / "ids.xlsx", [("Sheet1", [BILL_HEADER, *rows])]))
    numbers = set(re.findall(r"(?<!\d)(\d{2})(?!\d)", cli.everything))
    assert {str(n) for n in suspicious_rows} <= numbers, cli.everything


def test_a_centenarians_15_digit_id_from_a_later_county_code_is_a_good_row(tmp_path, monkeypatch):
    rows = [bill_row(1), bill_row(2), bill_row(3)]
    rows[0][0] = "650402950501998"  # born 1895-05-01, 高昌区 (code created 2015)
    rows[1][0] = "653125860117997"  # born 1886-01-17, 莎车县
    rows[2][0] = rid("650402", date(1958, 4, 4), 321)  # born before 2015, 18 digits
    got = import_in_process("health_insurance", write_csv(tmp_path / "old.csv", [BILL_HEADER, *rows]), monkeypatch)
    assert got.bad_rows == set(), got.summary.errors
    assert len(got.events) == 3
