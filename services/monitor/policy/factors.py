"""A factor of the factor method (因素法): its colour, national risk type, the department and task
that answer it, how it reads, whether it is a guarantee, and what raises and clears it."""
from typing import Literal

from pydantic import Field, StrictBool, model_validator

from services.monitor.policy.cited import Cited
from services.monitor.policy.effects import ComputedBy, Explain, TriggerItem

Level = Literal["green", "yellow", "orange", "red"]
RiskType = Literal["illness", "disability", "schooling", "natural_disaster", "accident", "failed_project",
                   "unstable_work", "lack_of_labour", "unsafe_housing", "unsafe_water", "other"]


class FactorRule(Cited):
    level: Level
    risk_type: RiskType
    department: str | None = Field(description="department that answers it with a task; null: none")
    task_type: str | None
    due_days: int | None = Field(default=None, ge=1, le=365)
    expires_after_days: int | None = Field(default=None, ge=1, description="factor lapses after this many days "
                                           "without a new event; null: until cleared")
    explain: Explain
    guarantee: StrictBool = Field(default=False, description="one of 两不愁三保障 and 饮水安全: while active, the "
                            "household's risk is not eliminated")
    raised_by: list[TriggerItem] = Field(default_factory=list)
    cleared_by: list[TriggerItem] = Field(default_factory=list)
    computed_by: ComputedBy | None = Field(default=None, description="the conditional rule that sets it")

    @model_validator(mode="after")
    def _task_complete(self):
        from shared.contracts.catalog import task_receivers  # discovered when a policy is read, not at import

        if (self.department is None) != (self.task_type is None) or (self.department is None) != (self.due_days is None):
            raise ValueError("department, task_type and due_days go together: all set or all null")
        if self.department is not None and self.department not in task_receivers():
            raise ValueError(f"unknown department {self.department!r}: one of {', '.join(task_receivers())}")
        return self

    @model_validator(mode="after")
    def _raised_somehow(self):
        if not self.raised_by and self.computed_by is None:
            raise ValueError("nothing raises this factor: give raised_by or computed_by")
        both = {r.event for r in self.raised_by for c in self.cleared_by if r.overlaps(c)}
        if both:
            raise ValueError(f"{', '.join(sorted(both))} both raises and clears this factor: give `when` "
                             "conditions with values apart")
        if any(t.amount is not None for t in self.cleared_by):
            raise ValueError("cleared_by: amount is kept by only a raising event (raised_by)")
        return self
