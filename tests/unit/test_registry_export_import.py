"""The registry from the monitoring system's export (issue 10, parts 1 and 2), without a database:
both layouts, .xlsx and .csv in UTF-8, UTF-8 with BOM and GB18030, every kind of bad row reported
with its place, and the command's last line and exit status."""
import csv
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from services.monitor.registry.export_errors import ExportRefused
from services.monitor.registry.export_layouts import load_export_mapping
from services.monitor.registry.export_reading import read_export
from tests.unit.builders import with_check
from tests.unit.registry_exports import VILLAGE, Export, House, family, rid

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = load_export_mapping()


def read(paths, **kw):
    return read_export(paths, LAYOUTS, income_year=2025, on=date(2026, 1, 1), **kw)


def problems(result) -> list[tuple[str, int, str, str]]:
    """(file, row, column, reason) of every problem."""
    return [(e.place.file, e.place.row, e.column, e.reason) for e in result.errors]


def write(export: Export, tmp_path: Path, layout: str = "two", suffix: str = ".csv", encoding: str = "utf-8"):
    return (export.write_two if layout == "two" else export.write_one)(tmp_path, suffix=suffix, encoding=encoding)


# --- clean exports ----------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["two", "one"])
@pytest.mark.parametrize("suffix,encoding", [(".csv", "utf-8"), (".csv", "utf-8-sig"), (".csv", "gb18030"),
                                             (".xlsx", "utf-8")])
def test_a_clean_export_is_read_whole_in_either_layout_and_any_encoding(tmp_path, layout, suffix, encoding):
    export = Export([family(1), family(2, kind="监测户", category="边缘易致贫户", income="７，８００．５０",
                                 eliminated="否"), family(3, kind="一般农户", income=12000)])
    result = read(write(export, tmp_path, layout, suffix, encoding))
    assert result.errors == []
    assert result.layout.name == ("two_sheets" if layout == "two" else "one_sheet")
    assert (len(result.households), result.persons, result.households_read, result.persons_read) == (3, 12, 3, 12)
    first, second, third = result.households
    assert (first.category, first.monitoring_category, first.income_per_capita_yuan) == \
        ("formerly_poor", None, Decimal("9500.50"))
    assert (second.category, second.monitoring_category, second.income_per_capita_yuan, second.risk_eliminated) == \
        ("marginal", "marginal", Decimal("7800.50"), False)
    assert (third.category, third.income_per_capita_yuan) == ("general", Decimal("12000.00"))
    assert (first.county_code, first.township_code, first.village_code) == (VILLAGE[:6], VILLAGE[:9], VILLAGE)
    assert first.members == first.declared_members == 4 and first.income_year == 2025


def test_members_read_into_the_registrys_codes(tmp_path):
    result = read(write(Export([family(5)]), tmp_path))
    head, spouse, son, daughter = result.households[0].persons
    assert [p.relation for p in (head, spouse, son, daughter)] == ["head", "spouse", "child", "child"]
    assert [p.gender for p in (head, spouse, son, daughter)] == ["M", "F", "M", "F"]
    assert [p.birth_date for p in (spouse, son, daughter)] == [date(1982, 7, 1), date(2010, 1, 5), date(2015, 9, 20)]
    assert (head.able_to_work, son.able_to_work) == (True, False)
    assert (head.labour_skill, son.labour_skill, head.work_status, spouse.work_status) == \
        ("ordinary", "none", "working_in_county", "not_working")
    assert (son.schooling_status, daughter.schooling_status, head.health_status) == ("primary", "preschool", "healthy")
    assert head.basic_medical_insurance is True and head.ethnicity == "维吾尔族"


def test_gender_and_birth_date_come_from_the_id_when_the_cells_are_empty(tmp_path):
    house = family(6)
    house.members[1].gender, house.members[1].born = "", ""
    result = read(write(Export([house]), tmp_path))
    assert result.errors == []
    assert result.households[0].persons[1][3:5] == ("F", date(1982, 7, 1))


def test_ids_typed_with_full_width_digits_blanks_or_a_lower_case_x_are_normalised(tmp_path):
    house = family(7)
    plain = house.members[0].resident_id
    house.members[0].resident_id = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in plain)
    house.members[1].resident_id = house.members[1].resident_id[:6] + " " + house.members[1].resident_id[6:]
    result = read(write(Export([house]), tmp_path))
    assert result.errors == []
    assert result.households[0].persons[0].resident_id == plain


# --- the main earner --------------------------------------------------------------------------

def _earner(house: House, tmp_path) -> str | None:
    result = read(write(Export([house]), tmp_path))
    assert result.errors == []
    earners = [p.relation for p in result.households[0].persons if p.main_earner]
    assert len(earners) <= 1
    return earners[0] if earners else None


def test_the_working_head_is_the_main_earner(tmp_path):
    assert _earner(family(8), tmp_path) == "head"


def test_a_working_spouse_comes_before_a_head_who_does_not_work(tmp_path):
    house = family(9)
    house.members[0].work, house.members[1].work = "未务工", "省外务工"
    assert _earner(house, tmp_path) == "spouse"


def test_nobody_is_the_main_earner_when_nobody_of_working_age_can_work(tmp_path):
    house = family(10)
    house.members[0].skill, house.members[1].skill = "丧失劳动力", "弱劳动力或半劳动力"
    assert _earner(house, tmp_path) is None


def test_an_able_head_past_working_age_is_not_the_main_earner(tmp_path):
    house = family(11)
    head = house.members[0]
    head.resident_id, head.born = rid(VILLAGE[:6], "19500101", 11, "M"), "1950-01-01"
    assert _earner(house, tmp_path) == "spouse"


# --- resident IDs -----------------------------------------------------------------------------

@pytest.mark.parametrize("bad,reason", [
    (lambda r: r[:-1] + ("0" if r[-1] != "0" else "1"), "check character"),
    (lambda r: r[:17], "18 characters"),
    (lambda r: with_check(r[:10] + "13" + r[12:17]), "impossible birth date"),  # month 13, a valid check
    (lambda r: with_check("999999" + r[6:17]), "region code"),
    (lambda r: r[:5] + "A" + r[6:], "17 digits"),
    (lambda r: "6.53121E+17", "stored as a number"),
])
def test_a_resident_id_that_fails_gb_11643_is_a_bad_row_at_its_place(tmp_path, bad, reason):
    house = family(12)
    house.members[2].resident_id = bad(house.members[2].resident_id)
    result = read(write(Export([house, family(13)]), tmp_path))
    (file, row, column, why), = [p for p in problems(result) if p[2] == "证件号码"]
    assert (file, row, column) == ("members.csv", 4, "证件号码") and reason in why
    assert result.households == [family_result for family_result in result.households if family_result.household_id
                                 != house.hid]  # the household with the bad row is not built


def test_the_same_id_twice_in_one_household_or_in_two_is_reported_where_it_repeats(tmp_path):
    one, two, three = family(14), family(15), family(16)
    one.members[3].resident_id = one.members[2].resident_id  # twins with one ID
    three.members[1].resident_id = two.members[0].resident_id  # another household's head
    for m in (one.members[3], three.members[1]):
        m.gender = m.born = ""  # from the ID: only the repeated ID is wrong
    result = read(write(Export([one, two, three]), tmp_path))
    found = [(row, why) for _, row, column, why in problems(result) if column == "证件号码"]
    assert [row for row, _ in found] == [5, 11]
    assert "the same household" in found[0][1] and "members.csv row 4" in found[0][1]
    assert f"household {two.hid}" in found[1][1] and "members.csv row 6" in found[1][1]


# --- heads and member counts ------------------------------------------------------------------

def test_a_household_without_a_head_or_with_two_heads_is_bad(tmp_path):
    headless, two_heads = family(17), family(18)
    headless.members[0].relation = "兄弟姐妹"
    two_heads.members[1].relation = "户主"
    result = read(write(Export([headless, two_heads, family(19)]), tmp_path))
    found = [(row, why) for _, row, column, why in problems(result) if column == "与户主关系"]
    assert found[0][0] == 2 and "no 户主" in found[0][1]
    assert found[1][0] == 7 and "a second 户主" in found[1][1] and "members.csv row 6" in found[1][1]
    assert [h.household_id for h in result.households] == [family(19).hid]


@pytest.mark.parametrize("declared", [3, 5, 1, 12])
def test_a_member_count_that_disagrees_with_the_declared_household_size_is_bad(tmp_path, declared):
    result = read(write(Export([family(20, declared=declared)]), tmp_path))
    (file, row, column, why), = problems(result)
    assert (file, row, column) == ("households.csv", 2, "家庭人口数")
    assert f"says {declared}" in why and "4 member rows" in why


def test_a_member_whose_household_number_has_no_household_row_is_bad(tmp_path):
    stray = family(21)
    export = Export([family(22)], extra_member_rows=[m.cells(stray.hid) for m in stray.members[:2]])
    result = read(write(export, tmp_path))
    assert [(f, r, c) for f, r, c, _ in problems(result)] == [("members.csv", 6, "户编号"), ("members.csv", 7, "户编号")]
    assert "no row of the households sheet" in result.errors[0].reason


def test_a_household_row_without_members_and_a_household_number_twice_are_bad(tmp_path):
    empty = family(23)
    empty.members = []
    export = Export([family(24), empty, family(24)])
    export.houses[2].members = []  # the second row of 24 adds no members, only a repeated household row
    result = read(write(export, tmp_path))
    assert ("households.csv", 3, "户编号") in [(f, r, c) for f, r, c, _ in problems(result)]
    assert any(r == 4 and "given twice" in why for _, r, _, why in problems(result))


# --- places -----------------------------------------------------------------------------------

@pytest.mark.parametrize("village,reason", [
    ("65312120120", "12 digits"),
    ("6531212012031", "12 digits"),
    ("65312120120X", "12 digits"),
    ("653201201203", "must start with 6531"),  # Hotan prefecture
    ("653199201203", "unknown county"),
    ("653121000203", "township part"),
    ("653121201000", "village part"),
])
def test_a_malformed_or_unknown_village_code_is_bad(tmp_path, village, reason):
    house = family(25, village=village, county="", township="")
    house.members = family(25).members  # IDs stay valid whatever the village
    result = read(write(Export([house]), tmp_path))
    (file, row, column, why), = problems(result)
    assert (file, row, column) == ("households.csv", 2, "村代码") and reason in why


@pytest.mark.parametrize("field,value,reason", [
    ("county", "喀什市", "the county named here is 653101"),
    ("county", "653122", "disagrees with the village code"),
    ("county", "和田县", "not a county of Kashgar"),
    ("township", "653121202", "disagrees with the village code"),
])
def test_county_and_township_must_agree_with_the_village_code(tmp_path, field, value, reason):
    house = family(26, **{field: value})
    result = read(write(Export([house]), tmp_path))
    (file, row, column, why), = problems(result)
    assert row == 2 and column == {"county": "县(市)", "township": "乡(镇)"}[field] and reason in why


def test_county_names_and_codes_that_agree_are_accepted(tmp_path):
    result = read(write(Export([family(27, county="疏附"), family(28, county="653121", township="653121201")]),
                        tmp_path))
    assert result.errors == []


# --- incomes and coded values -----------------------------------------------------------------

@pytest.mark.parametrize("income,ok", [("1,234.50", Decimal("1234.50")), ("１２３４．５", Decimal("1234.50")),
                                       ("8000元", Decimal("8000.00")), (4321.5, Decimal("4321.50"))])
def test_incomes_are_read_as_decimal_yuan_as_offices_type_them(tmp_path, income, ok):
    result = read(write(Export([family(29, income=income)]), tmp_path, suffix=".xlsx"))
    assert result.errors == [] and result.households[0].income_per_capita_yuan == ok


@pytest.mark.parametrize("income,reason", [("-120.00", "negative"), ("约8000", "not an amount"),
                                           ("1234.567", "two decimal places"), ("八千", "not an amount"),
                                           ("", "required")])
def test_a_negative_or_non_numeric_income_is_bad(tmp_path, income, reason):
    result = read(write(Export([family(30, income=income), family(31)]), tmp_path))
    (file, row, column, why), = problems(result)
    assert (file, row, column) == ("households.csv", 2, "人均纯收入") and reason in why


@pytest.mark.parametrize("member_field,value,column", [("relation", "邻居", "与户主关系"), ("skill", "很强", "劳动技能"),
                                                       ("gender", "未知", "性别"), ("insured", "不清楚", "是否参加城乡居民基本医疗保险"),
                                                       ("born", "1980-02-30", "出生日期")])
def test_a_value_the_mapping_does_not_know_is_bad(tmp_path, member_field, value, column):
    house = family(32)
    setattr(house.members[0], member_field, value)
    result = read(write(Export([house]), tmp_path))
    assert (2, column) in [(r, c) for _, r, c, _ in problems(result)]


def test_gender_or_birth_date_that_disagree_with_the_id_are_bad(tmp_path):
    house = family(33)
    house.members[0].gender = "女"
    house.members[2].born = "2010-01-06"
    result = read(write(Export([house]), tmp_path))
    assert [(r, c) for _, r, c, _ in problems(result)] == [(2, "性别"), (4, "出生日期")]
    assert "17th digit says 男" in result.errors[0].reason and "2010-01-05" in result.errors[1].reason


@pytest.mark.parametrize("kind,category,reason", [("一般农户", "边缘易致贫户", "not monitored"),
                                                  ("脱贫户", "边缘易致贫户", "cannot be 边缘易致贫户"),
                                                  ("监测户", "", "needs its 监测对象类别"),
                                                  ("贫困户", "", "unknown value")])
def test_household_type_and_monitoring_category_must_fit_together(tmp_path, kind, category, reason):
    result = read(write(Export([family(34, kind=kind, category=category)]), tmp_path))
    assert any(reason in why for _, _, _, why in problems(result))


# --- one sheet: households and members together ------------------------------------------------

def test_in_one_sheet_the_members_rows_belong_to_the_household_number_above(tmp_path):
    result = read(write(Export([family(35), family(36)]), tmp_path, layout="one", suffix=".xlsx"))
    assert result.errors == []
    assert [len(h.persons) for h in result.households] == [4, 4]
    assert {p.household_id for p in result.households[1].persons} == {family(36).hid}


def test_in_one_sheet_household_values_that_disagree_between_rows_are_bad(tmp_path):
    paths = write(Export([family(37), family(38)]), tmp_path, layout="one", encoding="gb18030")
    lines = paths[0].read_text(encoding="gb18030").splitlines()
    cells = lines[3].split(",")  # row 4: the second member of household 37, household cells empty
    cells[0], cells[6] = family(37).hid, "1000.00"  # the same household, another income
    lines[3] = ",".join(cells)
    paths[0].write_text("\n".join(lines) + "\n", encoding="gb18030")
    result = read(paths)
    (file, row, column, why), = problems(result)
    assert (row, column) == (4, "人均纯收入") and "disagrees with 9500.50" in why and "row 3" in why


def test_rows_of_bad_households_are_reported_in_both_layouts_with_their_rows(tmp_path):
    bad = family(39)
    bad.members[1].resident_id = bad.members[1].resident_id[:-1] + "Y"
    result = read(write(Export([family(40), bad]), tmp_path, layout="one"))
    assert [(r, c) for _, r, c, _ in problems(result)] == [(8, "证件号码")]  # title row 1, header row 2


# --- refused exports ---------------------------------------------------------------------------

def test_a_missing_file_or_an_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ExportRefused, match="no such file"):
        read([tmp_path / "nothing.csv"])
    paths = write(Export([family(41)]), tmp_path)
    with pytest.raises(ExportRefused, match="unknown layout"):
        read(paths, layout="three_sheets")
    (tmp_path / "other.csv").write_text("编号,名称\n1,甲\n", encoding="utf-8")
    with pytest.raises(ExportRefused, match="no header row"):
        read([tmp_path / "other.csv"])


def test_a_layout_with_a_missing_part_is_refused(tmp_path):
    households, _ = write(Export([family(42)]), tmp_path)
    with pytest.raises(ExportRefused, match="needs a sheet or file of 家庭成员信息"):
        read([households])


# --- the command --------------------------------------------------------------------------------

def _command(*args) -> subprocess.CompletedProcess:
    """The command without a database: a dry run only checks the files."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "services.monitor.registry", "import", *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, env=env)


def test_the_dry_run_of_a_clean_export_ends_with_the_agreed_line(tmp_path):
    done = _command(*write(Export([family(43), family(44)]), tmp_path), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "households=2 persons=8 bad_rows=0"


def test_an_export_with_bad_rows_exits_1_and_its_report_names_file_sheet_row_column_value_reason(tmp_path):
    bad = family(45, income="-1")
    bad.members[0].resident_id = "653121198003120000"
    paths = write(Export([family(46), bad]), tmp_path, suffix=".xlsx")
    done = _command(*paths, "--dry-run")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "households=2 persons=8 bad_rows=2"
    assert "nothing applied" in done.stdout and bad.members[0].resident_id not in done.stdout + done.stderr
    with open(tmp_path / "export.errors.csv", encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0] == ["file", "sheet", "row", "column", "value", "reason"]
    assert [line[:5] for line in lines[1:]] == [["export.xlsx", "家庭成员", "7", "证件号码", "653121198003120000"],
                                               ["export.xlsx", "户信息", "4", "人均纯收入", "-1"]]


def test_a_missing_file_and_an_unknown_layout_exit_2_with_the_line(tmp_path):
    for args in ([tmp_path / "absent.xlsx", "--dry-run"],
                 [*write(Export([family(47)]), tmp_path), "--dry-run", "--layout", "nine"]):
        done = _command(*args)
        assert done.returncode == 2
        assert done.stdout.splitlines()[-1] == "households=0 persons=0 bad_rows=0"
        assert "nothing applied" in done.stdout


def test_the_old_generator_options_still_get_the_hint():
    done = subprocess.run([sys.executable, "-m", "services.monitor.registry", "--households", "10"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "python -m tooling.registry" in done.stderr


# --- the synthetic registry as an export (tooling/registry/export_file.py) --------------------

@pytest.mark.parametrize("suffix,encoding", [(".csv", "utf-8"), (".csv", "gb18030"), (".xlsx", "utf-8")])
def test_the_synthetic_registry_written_as_an_export_reads_back_as_generated(tmp_path, suffix, encoding):
    from tooling.registry.export_file import write_export
    from tooling.registry.generate import generate

    generated = list(generate(250, 99))
    paths, households, persons = write_export(tmp_path, iter(generated), suffix=suffix, encoding=encoding)
    result = read(paths)
    assert result.errors == [] and (households, persons) == (250, sum(h.members for h in generated))
    assert len(result.households) == 250
    for made, back in zip(generated, result.households):
        # The main earner is the import's rule (export_earner.py), the generator has its own.
        assert back._replace(persons=()) == made._replace(persons=())
        assert [p._replace(main_earner=False) for p in back.persons] == \
            [p._replace(main_earner=False) for p in made.persons]
        assert sum(p.main_earner for p in back.persons) <= 1


def test_the_generator_fills_the_export_fields_plausibly():
    from tooling.registry.generate import generate

    households = list(generate(2000, 3))
    persons = [p for h in households for p in h.persons]
    assert {h.monitoring_category for h in households if h.category == "marginal"} == {"marginal"}
    assert {h.monitoring_category for h in households if h.category == "general"} == {None}
    assert all(h.declared_members == h.members for h in households)
    assert all((p.labour_skill in ("ordinary", "skilled")) == p.able_to_work for p in persons)
    young = [p for p in persons if date(2016, 1, 2) <= p.birth_date <= date(2019, 12, 31)]
    assert young and {p.schooling_status for p in young} <= {"primary"}
    assert {p.ethnicity for p in persons} <= {"维吾尔族", "汉族", "塔吉克族"}
    assert 0.95 < sum(bool(p.basic_medical_insurance) for p in persons) / len(persons) < 1
    assert all(p.deceased_on is None for p in persons)


def test_the_generator_takes_a_size_in_persons_and_writes_an_export(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tooling.registry", "--persons", "2000", "--export", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = read(sorted(tmp_path.glob("*.csv")))
    assert result.errors == [] and 1900 <= result.persons <= 2100


# --- a new office layout is configuration ---------------------------------------------------------

NEW_OFFICE = """
layouts:
  county_office:
    title: 县乡村振兴局导出
    members:
      title: 人员及户情况
      columns:
        household_id: {headers: [户号]}
        village_code: {headers: [所在村代码]}
        name: {headers: [人员姓名]}
        resident_id: {headers: [身份证件号码]}
        relation: {headers: [关系], values: {户主: head, 配偶: spouse, 子女: child}}
        labour_skill: {headers: [劳动力], values: {有: ordinary, 无: none}}
        household_type: {headers: [类型], values: {脱贫户: formerly_poor}}
        income_per_capita_yuan: {headers: [人均收入（元）]}
        declared_members: {headers: [人口]}
"""


def test_a_new_office_layout_is_read_from_its_mapping_file(tmp_path):
    from shared.kit.spreadsheet.files.writing import write_table

    mapping = tmp_path / "office.yaml"
    mapping.write_text(NEW_OFFICE, encoding="utf-8")
    head, child = family(50).members[0], family(50).members[2]
    rows = [["A-1", VILLAGE, head.name, head.resident_id, "户主", "有", "脱贫户", "7,000", 2],
            ["A-1", VILLAGE, child.name, child.resident_id, "子女", "无", "脱贫户", "7,000", 2]]
    path = tmp_path / "office.csv"
    write_table(path, ["户号", "所在村代码", "人员姓名", "身份证件号码", "关系", "劳动力", "类型", "人均收入（元）", "人口"], rows,
                encoding="gb18030")
    result = read_export([path], load_export_mapping(mapping), income_year=2025, on=date(2026, 1, 1))
    assert result.errors == []
    (household,) = result.households
    assert (household.household_id, household.members, household.income_per_capita_yuan) == ("A-1", 2, Decimal("7000.00"))
    assert [p.main_earner for p in household.persons] == [True, False]


@pytest.mark.parametrize("text,message", [("layouts: {}", "no layouts"),
                                          ("layouts:\n  x:\n    title: t\n    members:\n      title: m\n      columns:\n"
                                           "        household_id: {headers: [户编号]}\n        shoe_size: {headers: [鞋码]}",
                                           "no field of the registry"),
                                          ("layouts:\n  x:\n    title: t\n    members:\n      title: m\n      columns:\n"
                                           "        household_id: {headers: [户编号]}", "no column resident_id")])
def test_a_mapping_that_does_not_fit_is_refused_by_the_command(tmp_path, text, message):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(text, encoding="utf-8")
    done = _command(*write(Export([family(51)]), tmp_path), "--dry-run", "--mapping", mapping)
    assert done.returncode == 2 and message in done.stdout
    assert done.stdout.splitlines()[-1] == "households=0 persons=0 bad_rows=0"
