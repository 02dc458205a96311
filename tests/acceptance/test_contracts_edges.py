"""Acceptance: the contracts (shared/contracts) as Kafka and HTTP apply them (issue parts 2 and 3).

- People born before 1900 are real (15-digit IDs with sequence 996-999): a birth date in the
  1800s passes; business times and business dates keep their plausible range.
- Coded values are folded before validation: the housing grade c, Ｃ, ｃ级, d级 reads as C or D.
Kafka path: the monitor's parser `any_department_event_adapter().validate_json`; HTTP path: the
department API's `validate_items`; and the pydantic models themselves.
"""
import json
from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from services.health_insurance.contracts import HospitalBillSettled
from services.housing.contracts import HousingSafetyAppraised, HousingSafetyAppraisedData
from shared.contracts.catalog import any_department_event_adapter
from shared.kit.http.posted_items import validate_items
from tests.acceptance.ids import rid

pytestmark = pytest.mark.unit

TZ = ZoneInfo("Asia/Shanghai")
WHEN = datetime(2026, 10, 9, 12, 0, tzinfo=TZ)
BILL_TYPE = "cn.kashgar.health_insurance.hospital_bill_settled.v1"
HOUSING_TYPE = "cn.kashgar.housing.housing_safety_appraised.v1"


def department(code: str):
    return import_module(f"services.{code}.department").DEPARTMENT


def person(born: date | None, seq: int = 996) -> dict:
    p = {"resident_id": rid("653101", born or date(1960, 1, 1), seq), "name": "阿依夏木·托乎提"}
    if born is not None:
        p["birth_date"] = born.isoformat()
    return p


def bill(born: date | None = None, *, time: datetime = WHEN, admission: date | None = None,
         discharge: date | None = None, event_id: str = "acc-bill-1") -> dict:
    discharge = discharge or time.date()
    return {"specversion": "1.0", "id": event_id, "source": "/kashgar/health_insurance", "type": BILL_TYPE,
            "time": time.isoformat(), "datacontenttype": "application/json",
            "data": {"person": person(born), "settlement_id": "JS-ACC-1",
                     "admission_date": (admission or discharge - timedelta(days=5)).isoformat(),
                     "discharge_date": discharge.isoformat(), "total_cost_yuan": "3000.00",
                     "basic_insurance_yuan": "2000.00", "critical_illness_yuan": "0.00",
                     "medical_assistance_yuan": "0.00", "personal_burden_yuan": "1000.00"}}


def housing(grade, event_id: str = "acc-housing-1") -> dict:
    return {"specversion": "1.0", "id": event_id, "source": "/kashgar/housing", "type": HOUSING_TYPE,
            "time": WHEN.isoformat(), "datacontenttype": "application/json",
            "data": {"person": person(date(1970, 5, 5), 31), "appraised_on": WHEN.date().isoformat(),
                     "grade": grade, "appraisal_id": "JD-ACC-1"}}


def via_kafka(event: dict):
    return any_department_event_adapter().validate_json(json.dumps(event, ensure_ascii=False).encode())


def via_http(code: str, event: dict):
    events, errors = validate_items(department(code), json.loads(json.dumps(event)))
    return events, errors


# --- birth dates before 1900 ---------------------------------------------------------------------

OLD_BIRTHS = [date(1895, 5, 1), date(1899, 12, 31), date(1886, 1, 17), date(1880, 2, 29)]


@pytest.mark.parametrize("born", OLD_BIRTHS, ids=str)
def test_a_person_born_in_the_1800s_passes_the_person_contract(born):
    from shared.contracts.types import Person

    assert Person(name="阿依夏木·托乎提", birth_date=born).birth_date == born


@pytest.mark.parametrize("born", OLD_BIRTHS, ids=str)
def test_an_event_about_a_person_born_in_the_1800s_passes_on_kafka(born):
    event = via_kafka(bill(born))
    assert isinstance(event, HospitalBillSettled) and event.data.person.birth_date == born


@pytest.mark.parametrize("born", OLD_BIRTHS, ids=str)
def test_an_event_about_a_person_born_in_the_1800s_passes_over_http(born):
    events, errors = via_http("health_insurance", bill(born))
    assert errors == [] and events[0].data.person.birth_date == born


def test_the_model_itself_accepts_an_1895_birth():
    event = HospitalBillSettled.model_validate(bill(date(1895, 5, 1)))
    assert event.data.person.birth_date == date(1895, 5, 1)


@pytest.mark.parametrize("when", [datetime(1895, 5, 1, 12, tzinfo=TZ), datetime(1899, 12, 31, 12, tzinfo=TZ),
                                  datetime(1850, 1, 1, tzinfo=TZ)], ids=str)
def test_a_business_time_in_the_1800s_is_still_refused(when):
    event = bill(date(1960, 1, 1), time=when)  # a birth date every version accepts: only the time is old
    with pytest.raises(ValidationError):
        via_kafka(event)
    events, errors = via_http("health_insurance", event)
    assert events == [] and errors
    with pytest.raises(ValidationError):
        HospitalBillSettled.model_validate(event)


@pytest.mark.parametrize("field", ["admission", "discharge"])
def test_a_business_date_in_the_1800s_is_still_refused(field):
    old = date(1895, 5, 1)
    event = bill(date(1960, 1, 1), **{field: old})
    if field == "discharge":
        event["data"]["admission_date"] = date(1895, 4, 20).isoformat()
    with pytest.raises(ValidationError):
        via_kafka(event)
    events, errors = via_http("health_insurance", event)
    assert events == [] and errors


def test_a_business_time_in_the_future_is_still_refused():
    with pytest.raises(ValidationError):
        via_kafka(bill(time=datetime.now(TZ) + timedelta(days=30)))


# --- housing grade folded before validation --------------------------------------------------------

GRADES = {"c": "C", "Ｃ": "C", "ｃ级": "C", "d级": "D", " D ": "D", "C级": "C", "ｄ": "D", "D级 ": "D",
          "a": "A", "ｂ级": "B", "Ｄ级": "D"}


@pytest.mark.parametrize("typed", GRADES, ids=[repr(g) for g in GRADES])
def test_a_housing_grade_as_typed_is_folded_in_the_model(typed):
    data = HousingSafetyAppraisedData.model_validate(housing(typed)["data"])
    assert data.grade == GRADES[typed]


@pytest.mark.parametrize("typed", GRADES, ids=[repr(g) for g in GRADES])
def test_a_housing_grade_as_typed_is_folded_on_kafka(typed):
    event = via_kafka(housing(typed))
    assert isinstance(event, HousingSafetyAppraised) and event.data.grade == GRADES[typed]


@pytest.mark.parametrize("typed", GRADES, ids=[repr(g) for g in GRADES])
def test_a_housing_grade_as_typed_is_folded_over_http(typed):
    events, errors = via_http("housing", housing(typed))
    assert errors == [] and events[0].data.grade == GRADES[typed]
    # What is published is the canonical letter, not the text as typed.
    assert json.loads(events[0].model_dump_json())["data"]["grade"] == GRADES[typed]


@pytest.mark.parametrize("typed", ["E", "e级", "危房", "CD", "", "C+", "3", "Ｃ级级", None, 3])
def test_a_grade_that_is_not_a_to_d_is_still_refused(typed):
    with pytest.raises(ValidationError):
        via_kafka(housing(typed))
    events, errors = via_http("housing", housing(typed))
    assert events == [] and errors


# --- resident IDs over HTTP (the department API checks them with the normaliser) ----------------------------

def with_id(event: dict, resident_id: str) -> dict:
    event["data"]["person"]["resident_id"] = resident_id
    event["data"]["person"].pop("birth_date", None)
    return event


@pytest.mark.parametrize("resident_id", ["650402950501998", "653101991231997", rid("652902", date(1975, 4, 9), 417),
                                         rid("110118", date(1940, 10, 10), 23)],
                         ids=["centenarian, late county", "centenarian, Kashgar", "born before 库车市",
                              "born before 密云区"])
def test_valid_ids_of_old_people_and_late_county_codes_are_accepted_over_http(resident_id):
    events, errors = via_http("health_insurance", with_id(bill(), resident_id))
    assert errors == [] and len(events) == 1


@pytest.mark.parametrize("extra", ["\u200b", "\U0001F600", "\ufeff", "\x01", "/", "_", "."],
                         ids=["ZWSP", "emoji", "BOM", "SOH", "slash", "underscore", "full stop"])
def test_an_id_with_a_forbidden_character_inside_is_refused_over_http(extra):
    good = rid("653125", date(1985, 3, 12), 123)
    events, errors = via_http("health_insurance", with_id(bill(), good[:10] + extra + good[10:]))
    assert events == [] and errors
    assert any("resident_id" in e["loc"] for item in errors for e in item["errors"])


@pytest.mark.parametrize("sep", [" ", "\u3000", "-", "\uff0d"], ids=["space", "ideographic space", "hyphen",
                                                                      "fullwidth hyphen"])
def test_an_id_with_typed_separators_is_accepted_over_http(sep):
    good = rid("653125", date(1985, 3, 12), 123)
    events, errors = via_http("health_insurance", with_id(bill(), f"{good[:6]}{sep}{good[6:14]}{sep}{good[14:]}"))
    assert errors == [] and len(events) == 1
