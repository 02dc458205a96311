"""What the rules read and write: a household and member as the registry holds them, one
event seen for them, the factor changes it causes, and a household's graded assessment."""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from services.monitor.policy import Policy


@dataclass(frozen=True)
class Household:
    household_id: str
    county_code: str
    members: int  # registered members, those who died since the export included
    income_per_capita_yuan: Decimal  # yuan per capita per year
    deaths: tuple[date, ...] = ()  # death dates of its members (services/monitor/member_state.py)

    @property
    def annual_income_yuan(self) -> Decimal:
        return self.income_per_capita_yuan * self.members


@dataclass(frozen=True)
class Member:
    resident_id: str
    birth_date: date
    main_earner: bool
    able_to_work: bool = False
    # Kept current by civil affairs events (services/monitor/member_state.py): deceased from this date.
    deceased_on: date | None = None
    health_status: str | None = None  # 健康状况 code: healthy | chronic_illness | serious_illness | disabled
    disability_grade: int | None = None  # 1 (most severe) .. 4
    labour_before: tuple[bool, bool] | None = None  # (able_to_work, main_earner) before labour_changed_on
    labour_changed_on: date | None = None


@dataclass(frozen=True)
class FactorChange:
    """A factor switched on (`active`) or cleared by an event at business time `at`."""

    code: str
    active: bool
    at: datetime
    evidence_event_id: str
    resident_id: str
    amount_yuan: Decimal | None = None


@dataclass(frozen=True)
class Factor:
    code: str
    level: str
    risk_type: str
    evidence_event_ids: tuple[str, ...]
    resident_id: str
    amount_yuan: Decimal | None = None


@dataclass(frozen=True)
class Assessment:
    level: str
    factors: tuple[Factor, ...]
    explanation_zh: str
    explanation_en: str
    escalations: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Seen:
    """One validated department event seen for `member` of `household`, under `policy`."""

    event: object
    member: Member
    household: Household
    policy: Policy
    medical_burden_window_yuan: Decimal | None = None  # yuan over the policy window, this bill included

    def on(self, code: str, amount: Decimal | None = None) -> FactorChange:
        return FactorChange(code, True, self.event.time, self.event.id, self.member.resident_id, amount)

    def off(self, code: str) -> FactorChange:
        return FactorChange(code, False, self.event.time, self.event.id, self.member.resident_id)
