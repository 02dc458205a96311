"""v1 events of 农业农村局 agriculture (a test fixture, not a shipped department): a household's crop
failure or failed industrial project (产业项目失败) with its loss in yuan, and the support that answers it."""
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan, lower_code

FailureKind = Annotated[Literal["crop_failure", "livestock_loss", "project_failed"], BeforeValidator(lower_code)]


class ProjectFailedData(Contract):
    """产业项目失败: the household's crop or industrial project failed, loss in yuan."""

    person: Person = Field(description="the household member the project is filed under")
    project_id: Text = Field(max_length=64, description="产业项目编号")
    kind: FailureKind
    failed_on: Day
    loss_yuan: Yuan = Field(description="loss, yuan")


class ProjectFailed(CloudEvent):
    type: Literal["cn.kashgar.agriculture.project_failed.v1"]
    data: ProjectFailedData


class ProjectSupportedData(Contract):
    """产业帮扶: support delivered for a failed project."""

    person: Person = Field(description="the household member the project is filed under")
    project_id: Text = Field(max_length=64)
    supported_on: Day


class ProjectSupported(CloudEvent):
    type: Literal["cn.kashgar.agriculture.project_supported.v1"]
    data: ProjectSupportedData
