"""Each department's import_mapping.yaml against its contracts, and finding a file's header row."""
from importlib import import_module
from pathlib import Path

import pytest

from shared.contracts.catalog import DEPARTMENTS as CATALOG
from shared.kit.spreadsheet.header.locate import locate
from shared.kit.spreadsheet.header.located import HeaderNotFound
from shared.kit.spreadsheet.mapping.loading import load_mapping
from shared.kit.spreadsheet.mapping.spec import MappingError

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
DEPARTMENTS = sorted(p.parent.name for p in REPO.glob("services/*/import_mapping.yaml"))
HOSPITAL = import_module("services.health_insurance.department").DEPARTMENT


def department(code: str):
    return import_module(f"services.{code}.department").DEPARTMENT


def test_every_department_folder_has_a_mapping():
    assert DEPARTMENTS == sorted(d.code for d in CATALOG) and len(DEPARTMENTS) >= 5


@pytest.mark.parametrize("code", DEPARTMENTS)
def test_each_mapping_fits_the_department_contracts(code):
    layouts = department(code).layouts
    assert layouts
    for layout in layouts.values():
        assert {"resident_id", "name"} <= set(layout.columns)
        assert layout.event_types <= {m.model_fields["type"].annotation.__args__[0] for m in department(code).event_models}


def test_health_insurance_reads_gerenzifu_as_the_persons_total_burden():
    bills = HOSPITAL.layouts["hospital_bills"]
    assert "个人自付" in bills.columns["personal_burden_yuan"].headers
    assert bills.columns["personal_burden_yuan"].kind == "yuan"
    assert bills.columns["discharge_date"].kind == "date"


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "import_mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
layouts:
  appraisals:
    title: 鉴定
    columns:
      resident_id: {headers: [身份证号]}
      name: {headers: [姓名]}
      appraisal_id: {headers: [鉴定编号]}
      appraised_on: {headers: [鉴定日期]}
      grade: {headers: [等级]}
%s
    events:
      appraised:
        type: cn.kashgar.housing.housing_safety_appraised.v1
        time: appraised_on
        key: [appraisal_id]
"""


@pytest.mark.parametrize("extra, message", [
    ("      remark: {headers: [备注]}", "column remark fills no field"),
    ("", None),
])
def test_a_column_that_fills_nothing_is_a_mapping_error(tmp_path, extra, message):
    housing = department("housing")
    path = _mapping(tmp_path, BASE % extra)
    if message is None:
        assert load_mapping(path, housing.event_models)["appraisals"].columns["grade"].kind == "text"
    else:
        with pytest.raises(MappingError, match=message):
            load_mapping(path, housing.event_models)


@pytest.mark.parametrize("change, message", [
    (("cn.kashgar.housing.housing_safety_appraised.v1", "cn.kashgar.education.dropout_flagged.v1"),
     "not an event of this department"),
    (("      grade: {headers: [等级]}\n", ""), "no column fills the required field grade"),
    (("key: [appraisal_id]", "key: [appraisal_no]"), "no column appraisal_no"),
    (("title: 鉴定", "titel: 鉴定"), "Field required"),
])
def test_a_mapping_that_does_not_fit_the_contract_names_what_is_wrong(tmp_path, change, message):
    path = _mapping(tmp_path, (BASE % "").replace(*change))
    with pytest.raises(MappingError, match=message):
        load_mapping(path, department("housing").event_models)


def _rows(*rows):
    return iter(enumerate(rows, start=1))


def test_the_header_row_is_found_below_title_rows_with_full_width_blanks_stars_and_yuan_units():
    rows = _rows(["喀什地区医保局 住院结算明细"], [], ["序号", "*身份证号", "姓 名", "结算流水号", "入院日期", "出院日期",
                                                 "医疗总费用（元）", "统筹基金支付", "大病保险支付", "医疗救助", "个人自付", "备注"],
                 ["1", "653101199001011235"])
    found = locate(rows, HOSPITAL.layouts)
    assert (found.layout.name, found.row) == ("hospital_bills", 3)
    assert found.positions["resident_id"] == 1 and found.positions["total_cost_yuan"] == 6
    assert found.headers["total_cost_yuan"] == "医疗总费用（元）"
    assert found.ignored == ["序号", "备注"]
    assert next(rows)[0] == 4  # the rows after the header are left for the importer


def test_two_spellings_of_one_column_take_the_mappings_first_and_ignore_the_other():
    found = locate(_rows(["身份证号码", "身份证号", "参保人姓名", "参保年度", "统计日期"]), HOSPITAL.layouts)
    assert found.layout.name == "insurance_lapses" and found.positions["resident_id"] == 1
    assert found.ignored == ["身份证号码"]


def test_a_header_missing_a_required_column_names_it():
    with pytest.raises(HeaderNotFound) as refused:
        locate(_rows(["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销",
                      "个人自付"]), HOSPITAL.layouts)
    assert refused.value.missing == ("医疗救助",) and refused.value.row == 1


def test_a_file_without_any_known_header_lists_what_was_expected():
    with pytest.raises(HeaderNotFound, match="no header row in the first 20 rows; expected the columns of 住院结算明细"):
        locate(_rows(*[["x", "y"]] * 30), HOSPITAL.layouts)


def test_an_unknown_layout_name_is_refused():
    with pytest.raises(HeaderNotFound, match="no layout nope"):
        locate(_rows(["身份证号"]), HOSPITAL.layouts, "nope")
