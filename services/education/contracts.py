"""v1 events of 教育 education: dropout control (控辍保学) flags and returns to school.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Literal

from pydantic import Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text


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
