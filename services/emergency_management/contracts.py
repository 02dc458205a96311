"""v1 events of 应急管理 emergency management: a household's losses from a natural disaster or a
sudden event (自然灾害、突发事件) as assessed (灾情核定), and the relief delivered for them.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan, lower_code

DisasterKind = Annotated[Literal["flood", "earthquake", "drought", "hail", "sandstorm", "snowstorm", "fire",
                                 "other"], BeforeValidator(lower_code)]


class DisasterLossAssessedData(Contract):
    """灾情核定: the household's direct economic loss from one disaster, in yuan, as assessed."""

    person: Person = Field(description="the household member the assessment was filed under")
    assessment_id: Text = Field(max_length=64, description="灾情核定编号")
    disaster_kind: DisasterKind
    occurred_on: Day = Field(description="发生日期")
    assessed_on: Day = Field(description="核定日期")
    loss_yuan: Yuan = Field(description="直接经济损失 of the household, yuan")

    @model_validator(mode="after")
    def _assessed_after(self):
        if self.assessed_on < self.occurred_on:
            raise ValueError("assessed_on is before occurred_on")
        return self


class DisasterLossAssessed(CloudEvent):
    type: Literal["cn.kashgar.emergency_management.disaster_loss_assessed.v1"]
    data: DisasterLossAssessedData


class DisasterReliefDeliveredData(Contract):
    """救灾救助 delivered to the household for an assessed loss."""

    person: Person = Field(description="the household member the assessment was filed under")
    assessment_id: Text = Field(max_length=64, description="灾情核定编号 the relief answers")
    delivered_on: Day
    relief_yuan: Yuan = Field(description="relief paid or given in kind, yuan")


class DisasterReliefDelivered(CloudEvent):
    type: Literal["cn.kashgar.emergency_management.disaster_relief_delivered.v1"]
    data: DisasterReliefDeliveredData
