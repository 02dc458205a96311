"""v1 events of 水利 water resources: drinking water safety (饮水安全) of a household, its supply
interrupted and restored, its water tested. An event names the household member the water
record is filed under; a village-wide interruption is reported once per household it cuts off.

A breaking change is a new type name ending in .v2, never an edit of these (DESIGN.md section 2).
"""
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, lower_code

TestResult = Annotated[Literal["passed", "failed"], BeforeValidator(lower_code)]


class WaterSupplyInterruptedData(Contract):
    """供水中断: the household's drinking water stopped (a burst main, a dry well, a plant down)."""

    person: Person = Field(description="the household member the water record is filed under")
    interrupted_on: Day
    incident_id: Text = Field(max_length=64, description="供水事件编号")
    cause: Text = Field(max_length=200)


class WaterSupplyInterrupted(CloudEvent):
    type: Literal["cn.kashgar.water_resources.water_supply_interrupted.v1"]
    data: WaterSupplyInterruptedData


class WaterSupplyRestoredData(Contract):
    """供水恢复: the household's supply runs again."""

    person: Person = Field(description="the household member the water record is filed under")
    restored_on: Day
    incident_id: Text = Field(max_length=64, description="供水事件编号 of the interruption")


class WaterSupplyRestored(CloudEvent):
    type: Literal["cn.kashgar.water_resources.water_supply_restored.v1"]
    data: WaterSupplyRestoredData


class WaterQualityTestedData(Contract):
    """水质检测 of the household's drinking water against 《生活饮用水卫生标准》 (GB 5749-2022)."""

    person: Person = Field(description="the household member the water record is filed under")
    sampled_on: Day
    sample_id: Text = Field(max_length=64, description="水样编号")
    result: TestResult = Field(description="passed: 合格; failed: 不合格")


class WaterQualityTested(CloudEvent):
    type: Literal["cn.kashgar.water_resources.water_quality_tested.v1"]
    data: WaterQualityTestedData
