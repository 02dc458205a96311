"""v1 event of 农户自主申报 self-report: written by the monitor's self-report endpoint and consumed like a
department's event (a source without tasks, shared.contracts.catalog).

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Literal

from pydantic import Field

from shared.contracts.risk import RiskType
from shared.contracts.types import CloudEvent, Contract, Day, Person, Text


class HardshipSelfReportedData(Contract):
    """农户自主申报: a household reports its own hardship through a household-facing front end."""

    person: Person
    risk_type: RiskType = Field(description="the national risk type the household names")
    description: Text = Field(min_length=2, max_length=2000)
    reported_on: Day


class HardshipSelfReported(CloudEvent):
    type: Literal["cn.kashgar.self_report.hardship_self_reported.v1"]
    data: HardshipSelfReportedData
