"""v1 payloads published by the department services (DESIGN.md section 2).

A breaking change is a new type name ending in .v2, never an edit of these.
"""
from typing import Annotated, Literal

from shared.contracts.risk import RiskType

from pydantic import BeforeValidator, Field, model_validator

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan, folded

PREFIX = "cn.kashgar"


def _grade(value):
    # Coded values as people type them (issue 15): c, Ｃ, ｃ级 and D 级 are the grades C and D,
    # whether they come over Kafka, HTTP or in a file. The published value is always A-D.
    return folded(value).removesuffix("级").upper() if isinstance(value, str) else value


def _lower_code(value):
    return folded(value).lower() if isinstance(value, str) else value


HousingGrade = Annotated[Literal["A", "B", "C", "D"], BeforeValidator(_grade)]
EmployerKind = Annotated[Literal["enterprise", "public_welfare_post", "migrant_work", "other"],
                         BeforeValidator(_lower_code)]


class HospitalBillSettledData(Contract):
    """One settled inpatient or outpatient bill (医保结算), amounts in yuan.

    The rules use `personal_burden_yuan` (个人负担总金额: what the patient pays after
    basic insurance, critical-illness insurance and medical assistance), not the
    loosely used 个人自付 (DESIGN.md section 5).
    """

    person: Person
    settlement_id: Text = Field(max_length=64, description="医保结算单号")
    admission_date: Day = Field(description="入院日期")
    discharge_date: Day = Field(description="出院日期")
    total_cost_yuan: Yuan = Field(description="医疗总费用")
    basic_insurance_yuan: Yuan = Field(description="基本医保统筹支付")
    critical_illness_yuan: Yuan = Field(description="大病保险支付")
    medical_assistance_yuan: Yuan = Field(description="医疗救助支付")
    personal_burden_yuan: Yuan = Field(description="个人负担总金额 after all three layers of cover")

    @model_validator(mode="after")
    def _consistent(self):
        if self.discharge_date < self.admission_date:
            raise ValueError("discharge_date is before admission_date")
        if self.personal_burden_yuan > self.total_cost_yuan:
            raise ValueError("personal_burden_yuan exceeds total_cost_yuan")
        covered = self.basic_insurance_yuan + self.critical_illness_yuan + self.medical_assistance_yuan
        if covered > self.total_cost_yuan:
            raise ValueError("insurance and assistance payments exceed total_cost_yuan")
        return self


class HospitalBillSettled(CloudEvent):
    type: Literal["cn.kashgar.health_insurance.hospital_bill_settled.v1"]
    data: HospitalBillSettledData


class InsuranceLapsedData(Contract):
    """Basic medical insurance (基本医保) not paid for the coverage year."""

    person: Person
    coverage_year: int = Field(ge=2000, le=2100)


class InsuranceLapsed(CloudEvent):
    type: Literal["cn.kashgar.health_insurance.insurance_lapsed.v1"]
    data: InsuranceLapsedData


class DropoutFlaggedData(Contract):
    """A pupil flagged by dropout control (控辍保学)."""

    person: Person
    school_name: Text = Field(max_length=200)
    grade: int = Field(ge=1, le=12, description="grade 1-9 is compulsory education")
    absent_since: Day


class DropoutFlagged(CloudEvent):
    type: Literal["cn.kashgar.education.dropout_flagged.v1"]
    data: DropoutFlaggedData


class ReturnedToSchoolData(Contract):
    person: Person
    school_name: Text = Field(max_length=200)
    returned_on: Day


class ReturnedToSchool(CloudEvent):
    type: Literal["cn.kashgar.education.returned_to_school.v1"]
    data: ReturnedToSchoolData


class JobLostData(Contract):
    """A worker lost a job (人社), with the wage that stops."""

    person: Person
    lost_on: Day
    monthly_wage_yuan: Yuan = Field(description="wage lost, yuan per month")
    employer_kind: EmployerKind = "other"


class JobLost(CloudEvent):
    type: Literal["cn.kashgar.employment.job_lost.v1"]
    data: JobLostData


class JobStartedData(Contract):
    person: Person
    started_on: Day
    monthly_wage_yuan: Yuan


class JobStarted(CloudEvent):
    type: Literal["cn.kashgar.employment.job_started.v1"]
    data: JobStartedData


class HousingSafetyAppraisedData(Contract):
    """房屋安全鉴定: grades C and D are unsafe housing (危房)."""

    person: Person = Field(description="the household member the appraisal was filed under")
    appraised_on: Day
    grade: HousingGrade  # c, Ｃ, ｃ级 and C级 are read as C (the published schema is unchanged)
    appraisal_id: Text = Field(max_length=64)


class HousingSafetyAppraised(CloudEvent):
    type: Literal["cn.kashgar.housing.housing_safety_appraised.v1"]
    data: HousingSafetyAppraisedData


class SubsistenceAllowanceEndedData(Contract):
    """农村低保 ended for the household of this person."""

    person: Person
    ended_on: Day
    monthly_amount_yuan: Yuan = Field(description="allowance that stops, yuan per month for the household")
    reason: Text = Field(max_length=200)


class SubsistenceAllowanceEnded(CloudEvent):
    type: Literal["cn.kashgar.civil_affairs.subsistence_allowance_ended.v1"]
    data: SubsistenceAllowanceEndedData


class SubsistenceAllowanceGrantedData(Contract):
    person: Person
    granted_on: Day
    monthly_amount_yuan: Yuan


class SubsistenceAllowanceGranted(CloudEvent):
    type: Literal["cn.kashgar.civil_affairs.subsistence_allowance_granted.v1"]
    data: SubsistenceAllowanceGrantedData


class HousingRenovatedData(Contract):
    """危房改造 finished and accepted: the house is safe again."""

    person: Person = Field(description="the household member the renovation was filed under")
    completed_on: Day
    renovation_id: Text = Field(max_length=64)


class HousingRenovated(CloudEvent):
    type: Literal["cn.kashgar.housing.housing_renovated.v1"]
    data: HousingRenovatedData


class ExtremePovertySupportGrantedData(Contract):
    """特困人员救助供养 granted to this person."""

    person: Person
    granted_on: Day
    monthly_amount_yuan: Yuan


class ExtremePovertySupportGranted(CloudEvent):
    type: Literal["cn.kashgar.civil_affairs.extreme_poverty_support_granted.v1"]
    data: ExtremePovertySupportGrantedData


class DeathRegisteredData(Contract):
    """死亡登记 of a household member."""

    person: Person
    died_on: Day


class DeathRegistered(CloudEvent):
    type: Literal["cn.kashgar.civil_affairs.death_registered.v1"]
    data: DeathRegisteredData


class DisabilityRegisteredData(Contract):
    """残疾登记: a member registered with a disability, graded 1 (most severe) to 4."""

    person: Person
    registered_on: Day
    grade: int = Field(ge=1, le=4)


class DisabilityRegistered(CloudEvent):
    type: Literal["cn.kashgar.civil_affairs.disability_registered.v1"]
    data: DisabilityRegisteredData


class HardshipSelfReportedData(Contract):
    """农户自主申报: a household reports its own hardship through a household-facing front end."""

    person: Person
    risk_type: RiskType = Field(description="the national risk type the household names")
    description: Text = Field(min_length=2, max_length=2000)
    reported_on: Day


class HardshipSelfReported(CloudEvent):
    type: Literal["cn.kashgar.self_report.hardship_self_reported.v1"]
    data: HardshipSelfReportedData
