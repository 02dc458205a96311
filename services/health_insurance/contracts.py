"""v1 events of 医保 health insurance: settled hospital bills and lapsed basic medical insurance.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Literal

from pydantic import Field, model_validator

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan


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
