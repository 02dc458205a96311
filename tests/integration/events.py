"""Builders of department events about registered people, for the integration tests."""
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.civil_affairs.contracts import SubsistenceAllowanceEnded, SubsistenceAllowanceEndedData
from services.education.contracts import DropoutFlagged, DropoutFlaggedData
from services.employment.contracts import JobLost, JobLostData, JobStarted, JobStartedData
from services.health_insurance.contracts import HospitalBillSettled, HospitalBillSettledData
from services.housing.contracts import HousingSafetyAppraised, HousingSafetyAppraisedData
from shared.contracts.types import Person

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 10, 15, 10, 30, tzinfo=TZ)


def person(row) -> Person:
    return Person(resident_id=row["resident_id"], name=row["name"], birth_date=row["birth_date"],
                  gender=row["gender"], village_code=row.get("village_code"))


def _envelope(model, department: str, data, when: datetime = NOW):
    return model(id=str(uuid.uuid4()), source=f"/kashgar/{department}",
                 type=model.model_fields["type"].annotation.__args__[0], time=when, data=data)


def hospital_bill(p: Person, burden: Decimal, when: datetime = NOW) -> HospitalBillSettled:
    total = burden * 3
    return _envelope(HospitalBillSettled, "health_insurance", HospitalBillSettledData(
        person=p, settlement_id="JS" + uuid.uuid4().hex[:10], admission_date=when.date() - timedelta(days=10),
        discharge_date=when.date(), total_cost_yuan=total, basic_insurance_yuan=burden * 2,
        critical_illness_yuan=Decimal("0"), medical_assistance_yuan=Decimal("0"), personal_burden_yuan=burden), when)


def dropout(p: Person, when: datetime = NOW) -> DropoutFlagged:
    return _envelope(DropoutFlagged, "education", DropoutFlaggedData(
        person=p, school_name="第一中学", grade=6, absent_since=when.date() - timedelta(days=14)), when)


def housing(p: Person, grade: str, when: datetime = NOW) -> HousingSafetyAppraised:
    return _envelope(HousingSafetyAppraised, "housing", HousingSafetyAppraisedData(
        person=p, appraised_on=when.date(), grade=grade, appraisal_id="JD" + uuid.uuid4().hex[:8]), when)


def job_lost(p: Person, wage: Decimal = Decimal("3000"), when: datetime = NOW) -> JobLost:
    return _envelope(JobLost, "employment", JobLostData(person=p, lost_on=when.date(), monthly_wage_yuan=wage), when)


def job_started(p: Person, wage: Decimal = Decimal("3000"), when: datetime = NOW) -> JobStarted:
    return _envelope(JobStarted, "employment", JobStartedData(person=p, started_on=when.date(),
                                                                   monthly_wage_yuan=wage), when)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def allowance_ended(p: Person, when: datetime = NOW) -> SubsistenceAllowanceEnded:
    return _envelope(SubsistenceAllowanceEnded, "civil_affairs", SubsistenceAllowanceEndedData(
        person=p, ended_on=when.date(), monthly_amount_yuan=Decimal("600"), reason="年度复核不再符合条件"), when)
