"""Event contracts (DESIGN.md section 3): shared/contracts/*.

The last test compares the JSON schema of every contract model with the committed snapshot
`tests/unit/contract_schemas.json`, so that any change to a published contract shows up in
review as a diff of that file (a breaking change must be a new `.v2` type, never an edit).

To regenerate the snapshot after an intended, reviewed change:

    UPDATE_CONTRACT_SNAPSHOT=1 .venv/bin/python -m pytest tests/unit/test_contracts.py -k snapshot

The test then rewrites the file and fails on purpose ("... was rewritten"); run it again
without the variable and commit the new snapshot together with the contract change.
"""
import inspect
import json
import os
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.education.contracts import DropoutFlagged
from services.employment.contracts import JobLost, JobLostData
from services.health_insurance.contracts import HospitalBillSettledData
from services.housing.contracts import HousingSafetyAppraised
from shared.contracts import monitor as m
from shared.contracts.catalog import DEPARTMENT_EVENTS, TASK_STATUS, department_topic_adapter
from shared.contracts.types import CloudEvent, Person
from tests.unit import builders as b

SNAPSHOT = Path(__file__).with_name("contract_schemas.json")
TYPE_NAME = re.compile(r"^cn\.kashgar\.(?P<dept>[a-z][a-z_]*)\.(?P<event>[a-z][a-z_]*)\.v1$")


def contract_models() -> dict[str, type[CloudEvent]]:
    """Every CloudEvent subclass defined in the contract modules of the catalog's sources
    (services/<code>/contracts.py, shared/contracts/self_report.py) and the monitor's."""
    found = {}
    modules = {sys.modules[model.__module__] for models in DEPARTMENT_EVENTS.values() for model in models}
    for module in sorted(modules | {m}, key=lambda mod: mod.__name__):
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, CloudEvent) and obj is not CloudEvent and obj.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = obj
    return dict(sorted(found.items()))


def job_lost_data(**changes) -> dict:
    data = {"person": {"resident_id": b.VALID_ID, "name": "阿卜杜拉"}, "lost_on": "2026-10-01",
            "monthly_wage_yuan": "3000.00"}
    return data | changes


def bill_data(**changes) -> dict:
    data = {"person": {"resident_id": b.VALID_ID, "name": "古丽"}, "settlement_id": "JS1",
            "admission_date": date(2026, 10, 1), "discharge_date": date(2026, 10, 10),
            "total_cost_yuan": Decimal("30000"), "basic_insurance_yuan": Decimal("15000"),
            "critical_illness_yuan": Decimal("3000"), "medical_assistance_yuan": Decimal("2000"),
            "personal_burden_yuan": Decimal("10000")}
    return data | changes


def envelope(**changes) -> dict:
    data = {"id": "ev-1", "source": "/kashgar/employment", "type": "cn.kashgar.employment.job_lost.v1",
            "time": b.NOW, "data": job_lost_data()}
    return data | changes


# --- money -----------------------------------------------------------------------------------

def test_money_is_a_decimal_in_python_and_a_string_in_json():
    data = JobLostData.model_validate(job_lost_data(monthly_wage_yuan="12345.67"))
    assert isinstance(data.monthly_wage_yuan, Decimal)
    assert data.monthly_wage_yuan == Decimal("12345.67")
    assert json.loads(data.model_dump_json())["monthly_wage_yuan"] == "12345.67"
    assert data.model_dump(mode="json")["monthly_wage_yuan"] == "12345.67"


def test_every_amount_of_a_hospital_bill_serialises_as_a_string():
    out = json.loads(HospitalBillSettledData.model_validate(bill_data()).model_dump_json())
    for field in ("total_cost_yuan", "basic_insurance_yuan", "critical_illness_yuan", "medical_assistance_yuan",
                  "personal_burden_yuan"):
        assert isinstance(out[field], str), field


def test_a_json_number_with_a_fraction_is_refused_as_money():
    with pytest.raises(ValidationError, match="decimal string"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=12.34))


def test_a_whole_json_number_is_accepted_as_money():
    assert JobLostData.model_validate(job_lost_data(monthly_wage_yuan=3000)).monthly_wage_yuan == Decimal("3000")


@pytest.mark.parametrize("amount", ["1_000", " 12.00 ", "1E+11", "12.", ".5"])
def test_money_text_that_is_not_plain_digits_is_refused(amount):
    with pytest.raises(ValidationError, match="at most two decimals"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=amount))


@pytest.mark.parametrize("amount", [12.345, "12.345", 0.001])
def test_an_amount_with_more_than_two_decimals_is_rejected(amount):
    with pytest.raises(ValidationError, match="decimal"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=amount))


def test_a_json_number_with_more_than_two_decimals_is_rejected():
    raw = json.dumps(job_lost_data()).replace('"3000.00"', "3000.005")
    with pytest.raises(ValidationError, match="decimal"):
        JobLostData.model_validate_json(raw)


@pytest.mark.parametrize("amount", ["-0.01", -1, Decimal("-100")])
def test_a_negative_amount_is_rejected(amount):
    with pytest.raises(ValidationError, match="greater than or equal to 0|digits, optional point"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=amount))


def test_zero_is_an_allowed_amount():
    assert JobLostData.model_validate(job_lost_data(monthly_wage_yuan="0")).monthly_wage_yuan == 0


@pytest.mark.parametrize("amount", ["NaN", "Infinity"])
def test_a_non_finite_amount_is_rejected(amount):
    with pytest.raises(ValidationError):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=amount))


def test_an_amount_beyond_numeric_14_2_is_rejected():
    with pytest.raises(ValidationError, match="14 digits|digits, optional point"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan="1234567890123.45"))
    with pytest.raises(ValidationError, match="14 digits"):
        JobLostData.model_validate(job_lost_data(monthly_wage_yuan=Decimal("1234567890123.45")))


# --- envelope ----------------------------------------------------------------------------------

def test_a_timezone_aware_time_is_accepted():
    event = JobLost.model_validate(envelope())
    assert event.time.utcoffset() == timedelta(hours=8)


def test_a_naive_time_is_rejected():
    with pytest.raises(ValidationError, match="timezone"):
        JobLost.model_validate(envelope(time=datetime(2026, 10, 15, 10, 30)))


def test_a_naive_time_in_json_is_rejected():
    raw = JobLost.model_validate(envelope()).model_dump_json().replace("+08:00", "")
    with pytest.raises(ValidationError, match="timezone"):
        JobLost.model_validate_json(raw)


def test_an_extra_field_in_the_envelope_is_rejected():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        JobLost.model_validate(envelope(traceparent="00-abc"))


def test_an_extra_field_in_the_data_is_rejected():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        JobLost.model_validate(envelope(data=job_lost_data(monthly_wage="3000")))


def test_an_extra_field_in_the_person_is_rejected():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Person.model_validate({"resident_id": b.VALID_ID, "name": "古丽", "phone": "13800000000"})


def test_a_wrong_type_name_for_the_model_is_rejected():
    with pytest.raises(ValidationError):
        JobLost.model_validate(envelope(type="cn.kashgar.employment.job_lost.v2"))


@pytest.mark.parametrize("where", ["name", "resident_id"])
def test_a_nul_character_in_person_text_is_rejected(where):
    fields = {"resident_id": b.VALID_ID, "name": "古丽"}
    fields[where] += "\x00"
    with pytest.raises(ValidationError, match="NUL"):
        Person.model_validate(fields)


def test_a_nul_character_in_the_event_id_is_rejected():
    with pytest.raises(ValidationError, match="NUL"):
        JobLost.model_validate(envelope(id="ev\x00-1"))


@pytest.mark.parametrize("model", [m.TaskAcknowledgedData, m.TaskCompletedData])
def test_a_nul_character_in_a_task_status_task_id_is_rejected(model):
    fields = {"task_id": "task\x00-1", "department": "housing"}
    if model is m.TaskAcknowledgedData:
        fields["acknowledged_by"] = "staff01"
    else:
        fields |= {"completed_by": "staff01", "outcome": "resolved"}
    with pytest.raises(ValidationError):
        model.model_validate(fields)


# --- hospital bill consistency -------------------------------------------------------------------

def test_a_consistent_hospital_bill_is_accepted():
    assert HospitalBillSettledData.model_validate(bill_data()).personal_burden_yuan == Decimal("10000")


def test_a_personal_burden_above_the_total_cost_is_rejected():
    with pytest.raises(ValidationError, match="personal_burden_yuan exceeds total_cost_yuan"):
        HospitalBillSettledData.model_validate(bill_data(personal_burden_yuan=Decimal("30000.01")))


def test_a_personal_burden_equal_to_the_total_cost_is_accepted():
    data = bill_data(basic_insurance_yuan=Decimal("0"), critical_illness_yuan=Decimal("0"),
                     medical_assistance_yuan=Decimal("0"), personal_burden_yuan=Decimal("30000"))
    assert HospitalBillSettledData.model_validate(data).personal_burden_yuan == Decimal("30000")


def test_a_discharge_before_admission_is_rejected():
    with pytest.raises(ValidationError, match="discharge_date is before admission_date"):
        HospitalBillSettledData.model_validate(bill_data(discharge_date=date(2026, 9, 30)))


def test_a_discharge_on_the_admission_day_is_accepted():
    data = HospitalBillSettledData.model_validate(bill_data(discharge_date=date(2026, 10, 1)))
    assert data.discharge_date == data.admission_date


def test_payments_by_insurance_and_assistance_above_the_total_cost_are_rejected():
    with pytest.raises(ValidationError, match="exceed total_cost_yuan"):
        HospitalBillSettledData.model_validate(bill_data(basic_insurance_yuan=Decimal("25000.01")))


# --- topic unions and type names ------------------------------------------------------------------

def test_the_education_topic_parses_a_dropout_event():
    raw = b.dropout().model_dump_json()
    event = department_topic_adapter("education").validate_json(raw)
    assert isinstance(event, DropoutFlagged)
    assert event.data.grade == 6


def test_the_education_topic_parses_task_status():
    raw = b.task_acknowledged("education").model_dump_json()
    assert isinstance(department_topic_adapter("education").validate_json(raw), m.TaskAcknowledged)


def test_the_education_topic_rejects_a_housing_event():
    raw = b.housing("C").model_dump_json()
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        department_topic_adapter("education").validate_json(raw)


def test_the_housing_topic_accepts_the_housing_event_the_education_topic_rejects():
    assert isinstance(department_topic_adapter("housing").validate_json(b.housing("C").model_dump_json()),
                      HousingSafetyAppraised)


def test_every_v1_type_name_is_cn_kashgar_dept_event_v1():
    models = contract_models()
    assert len(models) >= 15
    names = [b.event_type(model) for model in models.values()]
    for name in names:
        assert TYPE_NAME.match(name), name
    assert len(set(names)) == len(names), "two contracts share one type name"


def test_each_department_event_type_names_its_own_department():
    for department, models in DEPARTMENT_EVENTS.items():
        for model in models:
            assert TYPE_NAME.match(b.event_type(model))["dept"] == department, model.__name__


def test_task_status_and_monitor_events_name_their_publisher():
    assert {TYPE_NAME.match(b.event_type(model))["dept"] for model in TASK_STATUS} == {"assistance_task"}
    monitor_models = [model for name, model in contract_models().items() if name.startswith(m.__name__)
                      and model not in TASK_STATUS]
    assert monitor_models
    assert {TYPE_NAME.match(b.event_type(model))["dept"] for model in monitor_models} == {"monitor"}


# --- schema snapshot -------------------------------------------------------------------------------

def current_schemas() -> dict:
    return {name: model.model_json_schema() for name, model in contract_models().items()}


def render(schemas: dict) -> str:
    return json.dumps(schemas, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_contract_schemas_match_the_committed_snapshot():
    schemas = current_schemas()
    if os.environ.get("UPDATE_CONTRACT_SNAPSHOT") == "1":
        SNAPSHOT.write_text(render(schemas), encoding="utf-8")
        pytest.fail(f"{SNAPSHOT.name} was rewritten (UPDATE_CONTRACT_SNAPSHOT=1); review the diff, "
                    "then run again without the variable")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing; create it with UPDATE_CONTRACT_SNAPSHOT=1 (see module docstring)")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(schemas) == sorted(committed), ("contract models were added or removed (a new department's "
                                                  "events too): regenerate the snapshot with "
                                                  "UPDATE_CONTRACT_SNAPSHOT=1 and review the diff")
    for name in schemas:
        assert schemas[name] == committed[name], (
            f"the JSON schema of {name} changed: a breaking change must be a new .v2 type; for an intended "
            "change regenerate the snapshot (UPDATE_CONTRACT_SNAPSHOT=1, see module docstring)")
