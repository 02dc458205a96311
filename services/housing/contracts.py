"""v1 events of 住建 housing: safety appraisals (房屋安全鉴定 A-D) and finished renovations (危房改造).

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, folded


def _grade(value):
    # Coded values as people type them (issue 15): c, Ｃ, ｃ级 and D 级 are the grades C and D,
    # whether they come over Kafka, HTTP or in a file. The published value is always A-D.
    return folded(value).removesuffix("级").upper() if isinstance(value, str) else value


HousingGrade = Annotated[Literal["A", "B", "C", "D"], BeforeValidator(_grade)]


class HousingSafetyAppraisedData(Contract):
    """房屋安全鉴定: grades C and D are unsafe housing (危房)."""

    person: Person = Field(description="the household member the appraisal was filed under")
    appraised_on: Day
    grade: HousingGrade  # c, Ｃ, ｃ级 and C级 are read as C (the published schema is unchanged)
    appraisal_id: Text = Field(max_length=64)


class HousingSafetyAppraised(CloudEvent):
    type: Literal["cn.kashgar.housing.housing_safety_appraised.v1"]
    data: HousingSafetyAppraisedData


class HousingRenovatedData(Contract):
    """危房改造 finished and accepted: the house is safe again."""

    person: Person = Field(description="the household member the renovation was filed under")
    completed_on: Day
    renovation_id: Text = Field(max_length=64)


class HousingRenovated(CloudEvent):
    type: Literal["cn.kashgar.housing.housing_renovated.v1"]
    data: HousingRenovatedData
