"""The policy's shape. Every rule cites its source, or says that it is a local choice and why."""
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from services.monitor.policy.cited import Cited, _Strict
from services.monitor.policy.effects import COMPUTED
from services.monitor.policy.factors import FactorRule


class Amount(Cited):
    value: Decimal = Field(ge=0)
    unit: str


class Count(Cited):
    value: int = Field(ge=0)
    unit: str


class AgeRange(Cited):
    min: int = Field(ge=0, le=30)
    max: int = Field(ge=0, le=30)


class Medical(_Strict):
    window_days: Count
    attention_threshold_yuan: Amount


class Escalation(_Strict):
    orange_count_makes_red: Count
    yellow_count_makes_orange: Count


class Lifecycle(_Strict):
    enrolment_deadline_days: Count
    public_notice_days: Count
    income_stable_months: Count
    follow_up_after_days: Count


class Lowering(Cited):
    """How far a partially resolved task lowers the factor it answers."""

    steps: int = Field(ge=1, le=2, description="colour steps down: red -> orange -> yellow")
    floor: Literal["yellow", "orange", "red"] = Field(description="never below this colour: a partial result "
                                                      "does not clear a factor")


class TaskOutcomes(_Strict):
    """What a department's completed task does to its factor: `resolved` clears it,
    `not_resolved` leaves it, `partially_resolved` lowers it by this rule."""

    partially_resolved: Lowering


# A factor's code names it in the database, the alerts and the tasks.
FactorCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Policy(_Strict):
    version: str = Field(min_length=1)
    region: str = Field(pattern=r"^\d{2,6}$", description="leading digits of the monitored area's administrative "
                        "codes (6531: Kashgar prefecture); a valid resident ID whose county code does not start with "
                        "them and that the registry does not hold is held as outside the monitored region")
    monitoring_line_yuan: Amount
    national_line_yuan: dict[int, Amount] = Field(description="national line by year, for reference and export")
    medical: Medical
    escalation: Escalation
    compulsory_education_age: AgeRange
    lifecycle: Lifecycle
    task_outcomes: TaskOutcomes
    factors: dict[FactorCode, FactorRule]

    @model_validator(mode="after")
    def _computed_factors_defined(self):
        for code, rule in self.factors.items():
            if rule.computed_by is not None and code not in COMPUTED[rule.computed_by]:
                raise ValueError(f"factors.{code}: rule {rule.computed_by} does not compute it; it computes "
                                 + ", ".join(COMPUTED[rule.computed_by]))
        for name, codes in COMPUTED.items():
            missing = [c for c in codes if c not in self.factors or self.factors[c].computed_by != name]
            if missing:
                raise ValueError(f"the rule {name} computes {', '.join(missing)}: define each under factors "
                                 f"with computed_by: {name}")
        return self

    @property
    def line_yuan(self) -> Decimal:
        return self.monitoring_line_yuan.value

    @property
    def guarantee_factors(self) -> frozenset[str]:
        """Factors of 两不愁三保障 and 饮水安全 (`guarantee: true`)."""
        return frozenset(code for code, rule in self.factors.items() if rule.guarantee)

    def rules(self) -> list[Cited]:
        """Every cited rule in the file, in file order."""
        found: list[Cited] = []

        def walk(value) -> None:
            if isinstance(value, Cited):
                found.append(value)
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name))
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)

        walk(self)
        return found
