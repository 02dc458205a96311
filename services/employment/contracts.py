"""v1 events of 人社 employment: jobs lost and started.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Yuan, lower_code

EmployerKind = Annotated[Literal["enterprise", "public_welfare_post", "migrant_work", "other"],
                         BeforeValidator(lower_code)]


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
