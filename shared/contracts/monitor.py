"""v1 payloads published by the monitor, and the task status events departments send back."""
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from shared.contracts.risk import RiskType  # noqa: F401 - re-exported
from shared.contracts.types import CloudEvent, Contract, Day, Person, StaffAccount, Text, Yuan

WarningLevel = Literal["green", "yellow", "orange", "red"]  # 四色预警
LinkMethod = Literal["exact", "normalised", "probabilistic", "manual"]
# 监测对象 categories: 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户
Category = Literal["unstable_formerly_poor", "marginal", "sudden_hardship"]


class Link(Contract):
    """How the event's person was matched to the registry (DESIGN.md section 4)."""

    method: LinkMethod
    score: Decimal | None = Field(default=None, description="match weight for probabilistic links")
    compared_fields: list[Text] = Field(default_factory=list)


class ActiveFactor(Contract):
    """One risk factor (因素法) that holds for the household."""

    code: Text = Field(examples=["medical_burden_over_income"])
    level: WarningLevel
    risk_type: RiskType
    evidence_event_ids: list[Text]
    amount_yuan: Yuan | None = None


class AlertRaisedData(Contract):
    """预警: the household's assessed level rose; explanation in Chinese and English."""

    alert_id: Text
    household_id: Text
    county_code: Text
    level: WarningLevel
    factors: list[ActiveFactor]
    policy_version: Text
    explanation_zh: Text
    explanation_en: Text
    link: Link


class AlertRaised(CloudEvent):
    type: Literal["cn.kashgar.monitor.alert_raised.v1"]
    data: AlertRaisedData


class AssistanceTaskAssignedData(Contract):
    """帮扶任务 for one department. Carries the person because the department must act on them;
    the task topic is readable only by that department (DESIGN.md section 8)."""

    task_id: Text
    alert_id: Text
    household_id: Text
    department: Text
    task_type: Text = Field(examples=["medical_assistance", "return_to_school", "housing_renovation"])
    factor_code: Text
    due_date: Day
    person: Person
    evidence_event_ids: list[Text]


class AssistanceTaskAssigned(CloudEvent):
    type: Literal["cn.kashgar.monitor.assistance_task_assigned.v1"]
    data: AssistanceTaskAssignedData


class TaskAcknowledgedData(Contract):
    task_id: Text = Field(max_length=100)
    department: Text = Field(max_length=50)
    acknowledged_by: StaffAccount = Field(description="staff account, not a resident")
    note: Text | None = Field(default=None, max_length=2000)


class TaskAcknowledged(CloudEvent):
    type: Literal["cn.kashgar.assistance_task.acknowledged.v1"]
    data: TaskAcknowledgedData


class TaskCompletedData(Contract):
    task_id: Text = Field(max_length=100)
    department: Text = Field(max_length=50)
    completed_by: StaffAccount
    outcome: Literal["resolved", "partially_resolved", "not_resolved"]
    measures: list[Annotated[Text, Field(max_length=500)]] = Field(
        default_factory=list, max_length=50, description="帮扶措施 taken, in plain words")
    amount_yuan: Yuan | None = Field(default=None, description="money granted, if any")


class TaskCompleted(CloudEvent):
    type: Literal["cn.kashgar.assistance_task.completed.v1"]
    data: TaskCompletedData


class AlertEscalatedData(Contract):
    """An assistance task passed its due date without being completed (DESIGN.md section 6:
    overdue tasks escalate)."""

    alert_id: Text
    household_id: Text
    county_code: Text
    task_id: Text
    department: Text
    task_type: Text
    due_date: Day
    days_overdue: int = Field(ge=1)


class AlertEscalated(CloudEvent):
    type: Literal["cn.kashgar.monitor.alert_escalated.v1"]
    data: AlertEscalatedData


class FollowUpFlaggedData(Contract):
    """回头看: the household's risk was eliminated and the policy's follow-up delay has run out; the
    cadres review it, then the alert is followed_up or reopened (DESIGN.md section 6)."""

    alert_id: Text
    household_id: Text
    county_code: Text
    category: Category | None = Field(
        description="监测对象 category the household was enrolled with")
    risk_eliminated_at: AwareDatetime = Field(description="when the operator recorded the risk as eliminated")
    follow_up_due: Day = Field(description="local date (Asia/Shanghai) the follow-up review falls due")


class FollowUpFlagged(CloudEvent):
    type: Literal["cn.kashgar.monitor.follow_up_flagged.v1"]
    data: FollowUpFlaggedData


class UnmatchedData(Contract):
    """An event whose person is not in the registry; kept for review (DESIGN.md section 4)."""

    event_id: Text
    event_type: Text
    source_topic: Text
    reason: Text
    county_code: Text | None = None


class EventUnmatched(CloudEvent):
    type: Literal["cn.kashgar.monitor.event_unmatched.v1"]
    data: UnmatchedData


class RawHeader(Contract):
    """One header of the original record, as bytes: its name need not be UTF-8."""

    name_base64: Text
    value_base64: Text | None = Field(default=None, description="null: the header has no value")


class DeadLetterData(Contract):
    """A record that could not be processed, with the reason and the original bytes."""

    reason: Text
    source_topic: Text
    partition: int
    offset: int
    original_value_base64: Text = Field(description="the record's value, base64; cut at 256 KiB (see original_truncated)")
    original_size_bytes: int = Field(ge=0)
    original_sha256: Text = Field(description="hex SHA-256 of the whole original value")
    original_truncated: bool = False
    original_headers: dict[str, str] = Field(description="header values, base64, by name (a name that is not "
                                                         "UTF-8 with its bad bytes as \\x escapes)")
    original_key_base64: Text | None = Field(default=None, description="the record's key, base64; null: it has none")
    original_header_list: list[RawHeader] = Field(
        default_factory=list, description="every header in order, name and value as base64, exactly as sent")


class DeadLettered(CloudEvent):
    type: Literal["cn.kashgar.monitor.dead_lettered.v1"]
    data: DeadLetterData
