"""The risk policy: a versioned YAML file validated at start (DESIGN.md section 5)."""
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_POLICY = Path(__file__).resolve().parent / "kashgar-2026.yaml"
Level = Literal["green", "yellow", "orange", "red"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    value: Decimal | int
    unit: str | None = None
    source: str = Field(min_length=3)


class AgeRange(_Strict):
    min: int
    max: int
    source: str


class FactorRule(_Strict):
    level: Level
    risk_type: str
    department: str | None
    task_type: str | None
    due_days: int | None
    source: str = Field(min_length=3)


class Medical(_Strict):
    window_days: Sourced
    attention_threshold_yuan: Sourced


class Escalation(_Strict):
    orange_count_makes_red: Sourced
    yellow_count_makes_orange: Sourced


class Policy(_Strict):
    version: str
    region: str
    monitoring_line_yuan: Sourced
    medical: Medical
    escalation: Escalation
    compulsory_education_age: AgeRange
    factors: dict[str, FactorRule]

    @property
    def line_yuan(self) -> Decimal:
        return Decimal(self.monitoring_line_yuan.value)


@cache
def load_policy(path: Path = DEFAULT_POLICY) -> Policy:
    """Read and validate a policy file. Raises pydantic.ValidationError naming the bad key."""
    return Policy.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
