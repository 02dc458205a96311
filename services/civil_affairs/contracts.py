"""v1 events of 民政 civil affairs: subsistence allowance (低保) and extreme-poverty support, deaths, disabilities.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Literal

from pydantic import Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan


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
