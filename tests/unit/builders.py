"""Builders of department events for the unit tests (same idea as tests/integration/events.py,
kept separate so unit tests never import the integration package)."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from stdnum.cn import ric

from services.civil_affairs.contracts import (DeathRegistered, DeathRegisteredData, DisabilityRegistered,
                                              DisabilityRegisteredData, SubsistenceAllowanceEnded,
                                              SubsistenceAllowanceEndedData, SubsistenceAllowanceGranted,
                                              SubsistenceAllowanceGrantedData)
from services.education.contracts import DropoutFlagged, DropoutFlaggedData, ReturnedToSchool, ReturnedToSchoolData
from services.employment.contracts import JobLost, JobLostData, JobStarted, JobStartedData
from services.health_insurance.contracts import (HospitalBillSettled, HospitalBillSettledData, InsuranceLapsed,
                                                 InsuranceLapsedData)
from services.housing.contracts import HousingSafetyAppraised, HousingSafetyAppraisedData
from shared.contracts import monitor as m
from shared.contracts.types import Person

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 10, 15, 10, 30, tzinfo=TZ)

# Valid GB 11643 IDs (checked with stdnum.cn.ric): Kashgar city, born 1990-01-01.
VALID_ID = "653101199001011235"  # 17th digit 3: male
VALID_FEMALE_ID = "653101199001011227"  # 17th digit 2: female
VALID_X_ID = "65310119900101003X"  # check character X
VALID_15 = "653101900101123"  # the old form of VALID_ID

_ids = count(1)


def with_check(first17: str) -> str:
    """Complete 17 digits with their GB 11643 check character (stdnum wants a placeholder)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def event_type(model) -> str:
    return model.model_fields["type"].annotation.__args__[0]


def person(resident_id: str = VALID_ID, name: str = "阿卜杜拉·买买提") -> Person:
    return Person(resident_id=resident_id, name=name)


def envelope(model, department: str, data, when: datetime = NOW, event_id: str | None = None):
    return model(id=event_id or f"ev-{next(_ids)}", source=f"/kashgar/{department}",
                 type=event_type(model), time=when, data=data)


def hospital_bill(p: Person | None = None, burden: Decimal = Decimal("100"), when: datetime = NOW,
                  event_id: str | None = None) -> HospitalBillSettled:
    return envelope(HospitalBillSettled, "health_insurance", HospitalBillSettledData(
        person=p or person(), settlement_id="JS0001", admission_date=when.date() - timedelta(days=10),
        discharge_date=when.date(), total_cost_yuan=burden * 3, basic_insurance_yuan=burden * 2,
        critical_illness_yuan=Decimal("0"), medical_assistance_yuan=Decimal("0"), personal_burden_yuan=burden),
        when, event_id)


def insurance_lapsed(p: Person | None = None, when: datetime = NOW) -> InsuranceLapsed:
    return envelope(InsuranceLapsed, "health_insurance",
                    InsuranceLapsedData(person=p or person(), coverage_year=2026), when)


def dropout(p: Person | None = None, absent_since: date | None = None, when: datetime = NOW,
            event_id: str | None = None) -> DropoutFlagged:
    return envelope(DropoutFlagged, "education", DropoutFlaggedData(
        person=p or person(), school_name="第一中学", grade=6,
        absent_since=absent_since or when.date() - timedelta(days=14)), when, event_id)


def returned_to_school(p: Person | None = None, when: datetime = NOW) -> ReturnedToSchool:
    return envelope(ReturnedToSchool, "education", ReturnedToSchoolData(
        person=p or person(), school_name="第一中学", returned_on=when.date()), when)


def housing(grade: str, p: Person | None = None, when: datetime = NOW) -> HousingSafetyAppraised:
    return envelope(HousingSafetyAppraised, "housing", HousingSafetyAppraisedData(
        person=p or person(), appraised_on=when.date(), grade=grade, appraisal_id="JD0001"), when)


def job_lost(p: Person | None = None, wage: Decimal = Decimal("3000"), when: datetime = NOW) -> JobLost:
    return envelope(JobLost, "employment",
                    JobLostData(person=p or person(), lost_on=when.date(), monthly_wage_yuan=wage), when)


def job_started(p: Person | None = None, wage: Decimal = Decimal("3000"), when: datetime = NOW) -> JobStarted:
    return envelope(JobStarted, "employment",
                    JobStartedData(person=p or person(), started_on=when.date(), monthly_wage_yuan=wage), when)


def allowance_ended(p: Person | None = None, when: datetime = NOW) -> SubsistenceAllowanceEnded:
    return envelope(SubsistenceAllowanceEnded, "civil_affairs", SubsistenceAllowanceEndedData(
        person=p or person(), ended_on=when.date(), monthly_amount_yuan=Decimal("600"), reason="收入超标"), when)


def allowance_granted(p: Person | None = None, when: datetime = NOW) -> SubsistenceAllowanceGranted:
    return envelope(SubsistenceAllowanceGranted, "civil_affairs", SubsistenceAllowanceGrantedData(
        person=p or person(), granted_on=when.date(), monthly_amount_yuan=Decimal("600")), when)


def death(p: Person | None = None, died_on: date | None = None, when: datetime = NOW,
          event_id: str | None = None) -> DeathRegistered:
    return envelope(DeathRegistered, "civil_affairs", DeathRegisteredData(
        person=p or person(), died_on=died_on or when.date()), when, event_id)


def disability(p: Person | None = None, grade: int = 1, registered_on: date | None = None,
               when: datetime = NOW) -> DisabilityRegistered:
    return envelope(DisabilityRegistered, "civil_affairs", DisabilityRegisteredData(
        person=p or person(), registered_on=registered_on or when.date(), grade=grade), when)


def task_acknowledged(department: str, task_id: str = "task-1", when: datetime = NOW) -> m.TaskAcknowledged:
    return envelope(m.TaskAcknowledged, department, m.TaskAcknowledgedData(
        task_id=task_id, department=department, acknowledged_by="staff01"), when)


def task_completed(department: str, task_id: str = "task-1", outcome: str = "resolved", when: datetime = NOW,
                   event_id: str | None = None) -> m.TaskCompleted:
    return envelope(m.TaskCompleted, department, m.TaskCompletedData(
        task_id=task_id, department=department, completed_by="staff01", outcome=outcome), when, event_id)
