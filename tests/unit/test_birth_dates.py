"""Birth dates before 1900 (people over 100 in 15-digit IDs, issue 15 section 2) pass every way
an event comes in: a Kafka record (the monitor's decode), a department's POST /v1/events and the
self-report body (their validation), and a spreadsheet row (the importer's reader). Business
dates and times keep their 1900 floor."""
import json
from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from services.housing.department import DEPARTMENT as HOUSING
from services.monitor.decode import decode
from services.monitor.records import Decoded
from services.housing.contracts import HousingSafetyAppraised
from shared.contracts.self_report import HardshipSelfReportedData
from shared.contracts.types import BirthDate, Day, Person
from shared.kit.http.posted_items import validate_items
from shared.kit.spreadsheet.header.locate import locate
from shared.kit.spreadsheet.mapping.loading import load_mapping
from shared.kit.spreadsheet.rows.reader import RowReader
from shared.kit.spreadsheet.rows.results import RowEvent
from shared.topics import events_topic
from tests.unit import builders as b
from tests.unit.test_decode import record

pytestmark = pytest.mark.unit

# (15-digit ID of someone over 100 at conversion, the 18-character form, the birth date)
CENTENARIANS = [("653101950315997", b.with_check("65310118950315997"), date(1895, 3, 15)),
                ("653125001231996", b.with_check("65312518001231996"), date(1800, 12, 31)),
                ("653131880229999", b.with_check("65313118880229999"), date(1888, 2, 29))]


def housing_json(person: dict, appraised_on: str = "2026-10-15") -> dict:
    body = json.loads(b.housing("C").model_dump_json())
    body["data"]["person"] = person
    body["data"]["appraised_on"] = appraised_on
    return body


@pytest.mark.parametrize("born", [date(1800, 1, 1), date(1850, 6, 30), date(1899, 12, 31)])
def test_a_birth_date_before_1900_is_a_valid_birth_date(born):
    assert TypeAdapter(BirthDate).validate_python(born) == born
    assert Person(name="阿依古丽·买买提", birth_date=born).birth_date == born


@pytest.mark.parametrize("born", ["1799-12-31", "1066-10-14", "0001-01-01", "2101-01-01"])
def test_a_birth_date_no_resident_id_can_carry_is_refused(born):
    with pytest.raises(ValidationError, match="between 1800-01-01 and 2100-12-31"):
        Person(name="阿依古丽·买买提", birth_date=born)


@pytest.mark.parametrize("day", ["1899-12-31", "1850-01-01"])
def test_business_dates_keep_their_1900_floor(day):
    with pytest.raises(ValidationError, match="between 1900-01-01"):
        TypeAdapter(Day).validate_python(day)
    with pytest.raises(ValidationError, match="appraised_on"):
        HousingSafetyAppraised.model_validate(housing_json({"name": "x"}, appraised_on=day))


@pytest.mark.parametrize("old, new, born", CENTENARIANS)
def test_a_kafka_record_about_a_person_born_before_1900_is_decoded_not_dead_lettered(old, new, born):
    for sent in (old, new):
        body = housing_json({"resident_id": sent, "name": "阿依古丽·买买提", "birth_date": born.isoformat(),
                             "gender": "F"})
        result = decode(record(events_topic("housing"), json.dumps(body, ensure_ascii=False).encode()))
        assert isinstance(result, Decoded), result
        assert result.id_problem is None
        assert (result.resident_id.value, result.resident_id.birth_date) == (new, born)
        assert result.event.data.person.birth_date == born


@pytest.mark.parametrize("old, new, born", CENTENARIANS)
def test_a_department_post_about_a_person_born_before_1900_is_accepted(old, new, born):
    events, errors = validate_items(HOUSING, [housing_json({"resident_id": old, "name": "买买提·艾力",
                                                            "birth_date": born.isoformat()})])
    assert errors == [] and events[0].data.person.birth_date == born


def test_a_department_post_with_a_business_date_before_1900_is_still_refused():
    events, errors = validate_items(HOUSING, [housing_json({"name": "买买提·艾力", "birth_date": "1890-01-01"},
                                                           appraised_on="1899-06-01")])
    assert events == [] and [e["loc"][-2:] for e in errors[0]["errors"]] == [["data", "appraised_on"]]


def test_a_self_report_about_a_person_born_before_1900_is_valid():
    report = HardshipSelfReportedData.model_validate({
        "person": {"resident_id": CENTENARIANS[0][0], "name": "买买提·艾力", "birth_date": "1895-03-15"},
        "risk_type": "illness", "description": "老人长期卧病", "reported_on": "2026-10-20"})
    assert report.person.birth_date == date(1895, 3, 15)
    with pytest.raises(ValidationError, match="reported_on"):
        HardshipSelfReportedData.model_validate({**report.model_dump(mode="json"), "reported_on": "1899-10-20"})


MAPPING = """
layouts:
  appraisals:
    title: 鉴定
    columns:
      resident_id: {headers: [身份证号]}
      name: {headers: [姓名]}
      birth_date: {headers: [出生日期]}
      appraisal_id: {headers: [鉴定编号]}
      appraised_on: {headers: [鉴定日期]}
      grade: {headers: [等级]}
    events:
      appraised:
        type: cn.kashgar.housing.housing_safety_appraised.v1
        time: appraised_on
        key: [appraisal_id]
"""


def test_a_file_row_about_a_person_born_before_1900_becomes_an_event_and_an_old_business_date_a_bad_row(tmp_path):
    path = tmp_path / "import_mapping.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    rows = iter(enumerate([["身份证号", "姓名", "出生日期", "鉴定编号", "鉴定日期", "等级"],
                           [CENTENARIANS[0][0], "买买提·艾力", "1895年3月15日", "JD1", "2026-10-15", "C"],
                           [CENTENARIANS[1][1], "阿依古丽·买买提", "1800/12/31", "JD2", "2026/10/15", "D"],
                           [b.VALID_ID, "阿卜杜拉·买买提", "1990-01-01", "JD3", "1899-12-31", "C"]], start=1))
    found = locate(rows, load_mapping(path, HOUSING.event_models))
    reader = RowReader(HOUSING.code, HOUSING.source, found.layout, found.positions, found.headers)
    first, second, old = (reader.read(n, cells) for n, cells in rows)
    assert isinstance(first, RowEvent) and first.event.data.person.birth_date == date(1895, 3, 15)
    assert first.resident_id == CENTENARIANS[0][1]
    assert isinstance(second, RowEvent) and second.event.data.person.birth_date == date(1800, 12, 31)
    assert {(e.row, e.column) for e in old} == {(4, "鉴定日期")}  # the business time and appraised_on


@pytest.mark.parametrize("typed", ["m", "Ｍ", " M ", "ｍ"])
def test_a_gender_code_typed_in_another_case_or_width_is_the_code(typed):
    from shared.contracts.types import Person

    assert Person(resident_id=None, name="测试人员甲", gender=typed).gender == "M"


@pytest.mark.parametrize("typed", ["男", "X", "MF", ""])
def test_a_gender_that_is_not_a_code_is_still_refused(typed):
    from pydantic import ValidationError

    from shared.contracts.types import Person

    with pytest.raises(ValidationError):
        Person(resident_id=None, name="测试人员甲", gender=typed)
